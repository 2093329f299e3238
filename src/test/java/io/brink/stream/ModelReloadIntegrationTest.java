package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.config.PipelineConfig;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import io.brink.metrics.BrinkMetrics;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.Json;
import io.brink.reload.ModelEventPublisher;
import io.brink.reload.ModelReloader;
import io.brink.reload.ModelValidator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model reload on a running pipeline and a real broker: a broken file is refused with an event while the old
 * version keeps serving, a valid one is swapped in without a restart, and every score names its version.
 */
class ModelReloadIntegrationTest extends BrokerTest {

    static void replace(Path target, Path source) throws Exception {
        Path tmp = target.resolveSibling("incoming.tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    }

    static List<JsonNode> json(List<ConsumerRecord<String, String>> records, String schema) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            Schemas.assertValid(schema, r.value());
            out.add(Json.mapper().readTree(r.value()));
        }
        return out;
    }

    @Test
    void aBrokenVersionIsRefusedAValidOneSwappedInAndEveryScoreNamesItsVersion(@TempDir Path dir) throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("reload", "batch.size", "4", "tier1.every", "0",
                "tier1.margin.below", "-1", "tier1.distance.below", "-1");
        Path file = dir.resolve("model.onnx");
        Files.copy(PipelineFixture.MODEL, file);
        LoadedModel first = OnnxModelLoader.load(file);
        Path next = Path.of("src/test/resources/golden/gru2_softmax.onnx");
        BrinkMetrics metrics = new BrinkMetrics(first.name());
        String bootstrap = broker.bootstrapServers();
        try (EnginePool pool = new EnginePool(first, new EngineOptions(Precision.FLOAT32, 1, 1));
             BrinkPipeline pipeline = BrinkPipeline.start(bootstrap, first, c.withWindowLength(first.card().windowLength().orElseThrow()), new Properties(), pool, metrics, null);
             ModelEventPublisher events = new ModelEventPublisher(bootstrap, new Properties(), c.topics().modelEvents());
             ModelReloader reloader = new ModelReloader(file, () -> OnnxModelLoader.load(file), pool, new ModelValidator(6, Precision.FLOAT32),
                     List.of(metrics::modelEvent, events)).start(100)) {
            pipeline.awaitRunning(Duration.ofSeconds(60));
            HealthIntegrationTest.points(c, "A", 1, 10);
            await(c, 5);

            Files.writeString(dir.resolve("broken.onnx"), "<html>not a model</html>");
            replace(file, dir.resolve("broken.onnx"));
            List<JsonNode> refused = json(KafkaClients.readUntil(bootstrap, c.topics().modelEvents(), Duration.ofSeconds(30),
                    l -> !l.isEmpty()), "model-event");
            assertEquals("refused", refused.get(0).get("result").asText());
            assertEquals(first.version(), refused.get(0).get("serving_version").asText());
            HealthIntegrationTest.points(c, "A", 11, 15);
            await(c, 10);

            replace(file, next);
            List<JsonNode> all = json(KafkaClients.readUntil(bootstrap, c.topics().modelEvents(), Duration.ofSeconds(30),
                    l -> l.size() >= 2), "model-event");
            JsonNode accepted = all.get(1);
            assertEquals("accepted", accepted.get("result").asText(), accepted.toString());
            String second = OnnxModelLoader.load(next).version();
            assertEquals(second, accepted.get("serving_version").asText());
            assertEquals(first.version(), accepted.get("previous_version").asText());
            HealthIntegrationTest.points(c, "A", 16, 20);
            List<JsonNode> scores = await(c, 15);

            Map<Long, String> versionByTs = new TreeMap<>();
            for (JsonNode s : scores) {
                assertEquals(null, versionByTs.put(s.get("ts").asLong(), s.get("model_version").asText()), "each window once: " + s);
            }
            for (long ts = 6; ts <= 20; ts++) {
                assertEquals(ts <= 15 ? first.version() : second, versionByTs.get(ts), "window at ts " + ts);
            }
            assertTrue(pipeline.health().status().ready(), pipeline.health().status().problems().toString());
            assertTrue(metrics.scrape().contains("result=\"refused\"} 1.0"));
        }
    }

    /** Tier-0 scores on the committed topic once at least {@code n} are there. */
    private static List<JsonNode> await(PipelineConfig c, int n) throws Exception {
        List<ConsumerRecord<String, String>> got = PipelineIntegrationTest.tier(KafkaClients.readUntil(broker.bootstrapServers(),
                c.topics().scores(), Duration.ofSeconds(60), l -> l.size() >= n), 0);
        assertTrue(got.size() >= n, "only " + got.size() + " of " + n + " scores");
        return json(got, "score");
    }
}
