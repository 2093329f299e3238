package io.brink.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files parse and say what they must (no Docker engine or cluster here to run them):
 * compose services and mounts, the StatefulSets' probes, volumes, static membership and GPU limits, and
 * every KAFKA_* or BRINK_* variable names a real setting.
 */
class DeployFilesTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(Path p) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(p.toFile())) {
            while (it.hasNext()) {
                JsonNode n = (JsonNode) it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static void assertKnownSetting(String env) throws Exception {
        if (env.startsWith("KAFKA_")) {
            String key = env.substring(6).toLowerCase(Locale.ROOT).replace('_', '.');
            assertTrue(StreamsConfig.configDef().names().contains(key) || ConsumerConfig.configNames().contains(key),
                    env + " maps to '" + key + "', which is no Kafka Streams or consumer setting");
        } else if (env.startsWith("BRINK_")) {
            boolean known = env.startsWith("BRINK_ALERT_RULE_") || io.brink.config.BrinkConfig.CONFIG.names().stream()
                    .anyMatch(k -> io.brink.config.BrinkConfig.envName(k).equals(env));
            assertTrue(known, env + " is no Brink setting (docs/configuration.md lists them)");
        }
    }

    @Test
    void composeRunsKafkaBrinkPrometheusAndGrafanaWithProvisioning() throws Exception {
        JsonNode c = documents(Path.of("deploy/docker-compose.yml")).get(0);
        JsonNode s = c.get("services");
        for (String name : List.of("kafka", "brink", "prometheus", "grafana")) {
            assertTrue(s.has(name), "service " + name);
        }
        assertTrue(s.get("kafka").get("image").asText().startsWith("apache/kafka:"));
        assertEquals("broker,controller", s.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText());
        assertTrue(s.get("grafana").get("volumes").toString().contains("../grafana/provisioning:/etc/grafana/provisioning"));
        assertTrue(s.get("grafana").get("volumes").toString().contains("/var/lib/grafana/dashboards/brink"),
                "dashboards mounted where grafana/provisioning/dashboards/brink.yml looks");
        assertTrue(Files.readString(Path.of("grafana/provisioning/dashboards/brink.yml")).contains("/var/lib/grafana/dashboards/brink"));
        assertTrue(s.get("prometheus").get("volumes").toString().contains("./prometheus:/etc/prometheus"));
        JsonNode ds = documents(Path.of("grafana/provisioning/datasources/prometheus.yml")).get(0).get("datasources").get(0);
        assertEquals("brink-prometheus", ds.get("uid").asText());
        assertEquals("${PROMETHEUS_URL}", ds.get("url").asText(), "Grafana interpolates $VAR and ${VAR} only");
        assertEquals("http://prometheus:9090", s.get("grafana").get("environment").get("PROMETHEUS_URL").asText());
        var envs = s.get("brink").get("environment").fieldNames();
        while (envs.hasNext()) {
            assertKnownSetting(envs.next());
        }
        assertTrue(Files.readString(Path.of("deploy/docker-compose.yml")).contains("capabilities: [gpu]"), "a commented GPU service");
        String dockerfile = Files.readString(Path.of("deploy/Dockerfile"));
        assertEquals(3, dockerfile.lines().filter(l -> l.startsWith("FROM ")).count(), "build, GPU and CPU stages");
        assertTrue(dockerfile.contains(" AS gpu") && dockerfile.contains("BRINK_DEVICE=cuda"), "a GPU target on the CUDA backend");
        assertKnownSetting("BRINK_DEVICE");
        assertTrue(dockerfile.lines().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b).orElseThrow().contains(" AS cpu"),
                "the CPU image is the default (last) target");
    }

    @Test
    void statefulSetsHaveStateVolumesProbesStaticMembershipAndGpuLimits() throws Exception {
        List<JsonNode> cpu = documents(Path.of("deploy/kubernetes/brink.yaml"));
        JsonNode config = cpu.stream().filter(d -> d.get("kind").asText().equals("ConfigMap")).findFirst().orElseThrow();
        var keys = config.get("data").fieldNames();
        while (keys.hasNext()) {
            assertKnownSetting(keys.next());
        }
        assertEquals("1", config.get("data").get("KAFKA_NUM_STANDBY_REPLICAS").asText());
        for (Path p : List.of(Path.of("deploy/kubernetes/brink.yaml"), Path.of("deploy/kubernetes/brink-gpu.yaml"))) {
            JsonNode set = documents(p).stream().filter(d -> d.get("kind").asText().equals("StatefulSet")).findFirst().orElseThrow();
            JsonNode container = set.at("/spec/template/spec/containers/0");
            assertEquals("/health/ready", container.at("/readinessProbe/httpGet/path").asText(), p + " readiness");
            assertEquals("/health/live", container.at("/livenessProbe/httpGet/path").asText(), p + " liveness");
            assertEquals("/var/lib/brink/state", container.at("/volumeMounts/0/mountPath").asText(), p + " state volume");
            assertEquals("state", set.at("/spec/volumeClaimTemplates/0/metadata/name").asText());
            assertTrue(container.get("env").toString().contains("KAFKA_GROUP_INSTANCE_ID"), p + " static membership");
        }
        JsonNode gpu = documents(Path.of("deploy/kubernetes/brink-gpu.yaml")).get(0);
        for (JsonNode env : gpu.at("/spec/template/spec/containers/0/env")) {
            assertKnownSetting(env.get("name").asText());
        }
        assertTrue(gpu.at("/spec/template/spec/containers/0/env").toString().contains("\"cuda\""), "the GPU pods use the CUDA backend");
        assertEquals(1, gpu.at("/spec/template/spec/containers/0/resources/limits").get("nvidia.com/gpu").asInt());
        assertTrue(gpu.at("/spec/template/spec/nodeSelector").size() > 0);
    }
}
