package io.brink.stream;

import io.brink.record.Json;
import io.brink.config.PipelineConfig;
import io.brink.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.brink.broker.EmbeddedKafkaBroker;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline on a real in-process broker: end to end, and exactly once across a restart. */
class PipelineIntegrationTest extends BrokerTest {

    static PipelineConfig config(String app, String... kv) {
        Properties p = PipelineFixture.settings(kv);
        p.put("application.id", app);
        for (String t : List.of("points", "scores", "alerts", "outcomes", "dlq", "model.events", "calibration", "calibration.events")) {
            p.put("topics." + t, app + "." + t);
        }
        p.put("topics.partitions", "2");
        return ConfigLoader.fromProperties(p);
    }

    static List<ConsumerRecord<String, String>> tier(List<ConsumerRecord<String, String>> records, int tier) {
        return records.stream().filter(r -> {
            try {
                return Json.mapper().readTree(r.value()).get("tier").asInt() == tier;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static EnginePool backend() {
        return new EnginePool(model, new EngineOptions(Precision.FLOAT32, 2, 1));
    }

    @Test
    void pointsBecomeScoresAlertsAndAccuracy() throws Exception {
        PipelineConfig c = config("e2e", "batch.size", "16", "alert.rule.early.field", "window_seq", "alert.rule.early.below", "3",
                "alert.rule.early.raise.after", "2");
        try (EnginePool backend = backend();
             BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend,
                     PipelineListener.NONE, null);
             KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
            pipeline.awaitRunning(Duration.ofSeconds(60));
            for (long t = 1; t <= 20; t++) {
                for (String s : List.of("X", "Y", "Z")) {
                    KafkaClients.send(producer, c.topics().points(), s, KafkaClients.point(s, t));
                }
            }
            KafkaClients.send(producer, c.topics().points(), "X", "not a point");
            int expected = 3 * (20 - 6 + 1);
            List<ConsumerRecord<String, String>> scores = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(),
                    Duration.ofSeconds(60), l -> tier(l, 0).size() >= expected);
            scores = tier(scores, 0);
            assertEquals(expected, scores.size());
            for (ConsumerRecord<String, String> r : scores) {
                Schemas.assertValid("score", r.value());
                assertEquals(Json.mapper().readTree(r.value()).get("series").asText(), r.key());
            }
            List<ConsumerRecord<String, String>> alerts = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().alerts(),
                    Duration.ofSeconds(30), l -> l.size() >= 6);
            assertEquals(6, alerts.size(), "each series raises and resolves the 'early' rule once");
            alerts.forEach(a -> Schemas.assertValid("alert", a.value()));
            List<ConsumerRecord<String, String>> dead = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().deadLetters(),
                    Duration.ofSeconds(30), l -> l.size() >= 1);
            assertEquals(1, dead.size());
            Schemas.assertValid("dlq", dead.get(0).value());

            for (ConsumerRecord<String, String> r : scores) {
                JsonNode n = Json.mapper().readTree(r.value());
                KafkaClients.send(producer, c.topics().outcomes(), r.key(), "{\"series\":\"" + r.key() + "\",\"ts\":"
                        + n.get("ts").asLong() + ",\"class\":\"" + n.get("predicted").asText() + "\"}");
            }
            long deadline = System.currentTimeMillis() + 30_000;
            Map<String, double[]> acc = pipeline.accuracy();
            while ((acc.get("overall") == null || acc.get("overall")[0] < expected) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                acc = pipeline.accuracy();
            }
            assertEquals(expected, acc.get("overall")[0]);
            assertEquals(expected, acc.get("overall")[1], "outcomes equal to the predictions are all correct");
        }
    }

    @Test
    void everyWindowIsScoredExactlyOnceAcrossARestart() throws Exception {
        PipelineConfig c = config("restart", "batch.size", "8", "batch.flush.ms", "200", "tier1.every", "4", "tier1.batch.size", "8", "tier1.margin.below", "-1", "tier1.distance.below", "-1",
                "tier1.flush.ms", "300");
        int perSeries = 60;
        List<String> series = List.of("A", "B", "C");
        int expected = series.size() * (perSeries - 6 + 1);
        AtomicBoolean producing = new AtomicBoolean(true);
        Path stateA = Files.createTempDirectory("brink-restart-a-");
        Path stateB = Files.createTempDirectory("brink-restart-b-");
        try (EnginePool backend = backend()) {
            Thread producerThread;
            try (KafkaProducer<String, String> producer = KafkaClients.producer(broker.bootstrapServers())) {
                BrinkPipeline first = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend,
                        PipelineListener.NONE, stateA);
                first.awaitRunning(Duration.ofSeconds(60));
                java.util.concurrent.CountDownLatch firstStopped = new java.util.concurrent.CountDownLatch(1);
                producerThread = new Thread(() -> {
                    for (long t = 1; t <= perSeries; t++) {
                        if (t == perSeries / 2 + 1) {
                            // Halfway: wait until the first instance is stopped, so that the stop surely falls mid-stream.
                            try {
                                firstStopped.await(120, java.util.concurrent.TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        for (String s : series) {
                            KafkaClients.send(producer, c.topics().points(), s, KafkaClients.point(s, t));
                        }
                        try {
                            Thread.sleep(15);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    producing.set(false);
                });
                producerThread.start();
                // Stop the first instance in the middle of the stream.
                KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(), Duration.ofSeconds(60),
                        l -> tier(l, 0).size() >= 40 && !tier(l, 1).isEmpty());
                assertTrue(producing.get(), "the stop must come while points are still arriving");
                first.close();
                firstStopped.countDown();
                Thread.sleep(500);
                BrinkPipeline second = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend,
                        PipelineListener.NONE, stateB);
                try {
                    producerThread.join(60_000);
                    // Every 4th window of a series (seq 0, 4, ...) is also scored at tier 1.
                    int expectedTier1 = series.size() * ((perSeries - 6) / 4 + 1);
                    List<ConsumerRecord<String, String>> scores = KafkaClients.readUntil(broker.bootstrapServers(),
                            c.topics().scores(), Duration.ofSeconds(90), l -> l.size() >= expected + expectedTier1);
                    Thread.sleep(1500);
                    // Read again for a while: a window scored twice would show up as an extra record.
                    scores = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(), Duration.ofSeconds(5),
                            l -> l.size() > expected + expectedTier1);
                    Map<String, Integer> seen = new HashMap<>();
                    for (ConsumerRecord<String, String> r : scores) {
                        JsonNode n = Json.mapper().readTree(r.value());
                        seen.merge(n.get("series").asText() + "#" + n.get("window_seq").asLong() + "@tier" + n.get("tier").asInt(),
                                1, Integer::sum);
                    }
                    seen.forEach((k, v) -> assertEquals(1, v, "window " + k + " scored " + v + " times"));
                    assertEquals(expected, tier(scores, 0).size(), "every window is scored at tier 0 exactly once");
                    assertEquals(expectedTier1, tier(scores, 1).size(), "every selected window is scored at tier 1 exactly once");
                } finally {
                    second.close();
                }
            }
        } finally {
            EmbeddedKafkaBroker.deleteRecursively(stateA);
            EmbeddedKafkaBroker.deleteRecursively(stateB);
        }
    }
}
