package io.brink.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.broker.EmbeddedKafkaBroker;
import io.brink.demo.DemoFeed;
import io.brink.engine.EngineOptions;
import io.brink.metrics.BrinkMetrics;
import io.brink.metrics.MetricsServer;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import io.brink.stream.BrinkPipeline;
import io.brink.stream.EnginePool;
import io.brink.config.PipelineConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real check of the observability files: Brink runs on the embedded broker with the demo's traffic,
 * a real Prometheus (Debian's package) scrapes it on loopback, and every PromQL expression of the Grafana
 * dashboards and of the alert rules is evaluated through Prometheus' HTTP API. Dashboard expressions must
 * return series; rule expressions must evaluate (an alert condition may rightly be empty) and name only
 * metrics Brink exports. promtool checks the configuration and the rules.
 */
class PrometheusCheckTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern METRIC = Pattern.compile("\\b((?:brink|kafka|jvm|process)_[a-z0-9_]+)");

    static String binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(name + " is not installed: .ci/run installs Debian's prometheus package");
        }
        Assumptions.abort(name + " is not installed (apt-get install prometheus)");
        return null;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertEquals(0, rc, String.join(" ", cmd) + " failed:\n" + out);
        return rc;
    }

    static List<String> dashboardExpressions(Path dir) throws Exception {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode d = JSON.readTree(f.toFile());
                assertFalse(d.has("__inputs"), f + " must not be an export with __inputs placeholders");
                assertTrue(d.has("uid") && d.has("title") && d.get("panels").size() > 0, f + " is a dashboard");
                for (JsonNode p : d.get("panels")) {
                    assertEquals("brink-prometheus", p.get("datasource").get("uid").asText(), f + ": panel data source");
                    for (JsonNode t : p.get("targets")) {
                        out.add(t.get("expr").asText());
                    }
                }
            }
        }
        return out;
    }

    static List<String> ruleExpressions(Path rules) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(rules)) {
            String s = line.trim();
            if (s.startsWith("expr:")) {
                out.add(s.substring(5).trim());
            }
        }
        return out;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static JsonNode query(HttpClient http, int port, String expr) throws Exception {
        String url = "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void everyDashboardAndRuleExpressionEvaluatesAgainstARealPrometheus() throws Exception {
        String prometheus = binary("prometheus");
        String promtool = binary("promtool");
        Path rules = Path.of("deploy/prometheus/brink-rules.yml").toAbsolutePath();
        run(promtool, "check", "rules", rules.toString());
        run(promtool, "check", "config", Path.of("deploy/prometheus/prometheus.yml").toAbsolutePath().toString());
        List<String> dashboard = dashboardExpressions(Path.of("grafana/dashboards"));
        List<String> ruleExprs = ruleExpressions(rules);
        assertTrue(dashboard.size() >= 10 && ruleExprs.size() >= 6);

        Path work = Files.createTempDirectory("brink-prometheus-");
        // The demo's ensemble, so that the uncertainty split (mutual information) has values too.
        LoadedModel model = OnnxModelLoader.load(Path.of("data/models/eustock-vol-ensemble.json"));
        Properties p = new Properties();
        PipelineConfig config = io.brink.cli.DemoCommand.demoConfig();
        BrinkMetrics metrics = new BrinkMetrics(model.name());
        Process prom = null;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0);
             EnginePool backend = new EnginePool(model, EngineOptions.defaults());
             BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), model, config.withWindowLength(model.card().windowLength().orElseThrow()), p, backend, metrics, null);
             MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics, () -> pipeline.health().status())) {
            metrics.bind(pipeline, config);
            pipeline.awaitRunning(Duration.ofSeconds(60));
            DemoFeed feed = new DemoFeed(broker.bootstrapServers(), config.topics().points(), config.topics().outcomes(), model,
                    model.card().windowLength().orElseThrow(),
                    Path.of("data"), 60, OnnxModelLoader.metadataNumbers(Path.of("data/models/eustock-vol-ensemble.json"), "volatility_cuts_pct"));
            Thread feeder = new Thread(feed, "feed");
            feeder.setDaemon(true);
            feeder.start();
            // Bad records, so that the dead-letter counters move.
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(java.util.Map.of(
                    "bootstrap.servers", broker.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(config.topics().points(), "DAX", "{broken")).get();
            }

            Path cfg = work.resolve("prometheus.yml");
            Files.writeString(cfg, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - " + rules + "\n"
                    + "scrape_configs:\n  - job_name: brink\n    static_configs:\n      - targets: [\"127.0.0.1:" + server.port() + "\"]\n");
            run(promtool, "check", "config", cfg.toString());
            int promPort = freePort();
            prom = new ProcessBuilder(prometheus, "--config.file=" + cfg, "--storage.tsdb.path=" + work.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true)
                    .redirectOutput(work.resolve("prometheus.log").toFile()).start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            long deadline = System.currentTimeMillis() + 120_000;
            List<String> missing = new ArrayList<>(dashboard);
            while (!missing.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(3000);
                List<String> still = new ArrayList<>();
                for (String expr : missing) {
                    try {
                        JsonNode r = query(http, promPort, expr);
                        if (!"success".equals(r.path("status").asText()) || r.path("data").path("result").isEmpty()) {
                            still.add(expr);
                        }
                    } catch (java.io.IOException e) {
                        still.add(expr);
                    }
                }
                missing = still;
            }
            assertTrue(missing.isEmpty(), "dashboard expressions without series after 120 s: " + missing
                    + "\nprometheus log:\n" + Files.readString(work.resolve("prometheus.log")));

            for (String expr : ruleExprs) {
                JsonNode r = query(http, promPort, expr);
                assertEquals("success", r.path("status").asText(), "rule expression " + expr + ": " + r);
            }
            String scrape = metrics.scrape();
            Set<String> names = new LinkedHashSet<>();
            for (String expr : concat(dashboard, ruleExprs)) {
                Matcher m = METRIC.matcher(expr);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
            for (String name : names) {
                assertTrue(scrape.contains(name), "metric " + name + " is named in a dashboard or rule but not exported");
                JsonNode r = query(http, promPort, "count({__name__=\"" + name + "\"})");
                assertFalse(r.path("data").path("result").isEmpty(), "Prometheus has no series for " + name);
            }
            feed.stop();
        } finally {
            if (prom != null) {
                prom.destroy();
                prom.waitFor();
            }
            EmbeddedKafkaBroker.deleteRecursively(work);
        }
    }
}
