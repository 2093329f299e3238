package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.config.PipelineConfig;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import io.brink.metrics.BrinkMetrics;
import io.brink.record.Json;
import io.brink.window.SeriesWindowState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Good traffic with every class of bad record mixed in, on a real broker: every good window is scored exactly
 * once, every bad record reaches the dead-letter topic with its reason code (and a metric), no dead letter is too
 * large to send (a 900 KB bad point used to kill the stream thread for ever), and scoring goes on throughout. A
 * record over the broker's size limit is refused by the producer and never reaches Brink.
 */
class HostileInputTest extends BrokerTest {

    static final long STEP = 100_000;
    static final long START = 1_000_000_000L;
    /** A bad record and the reason code it must get. */
    record Bad(String key, byte[] value, String code) {
        static Bad of(String key, String value, String code) {
            return new Bad(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), code);
        }
    }

    static List<Bad> badRecords() {
        Random rnd = new Random(9);
        byte[] garbage = new byte[300];
        rnd.nextBytes(garbage);
        String manyValues = "{\"series\":\"A\",\"ts\":" + START + ",\"values\":[" + "0.5,".repeat(225_000) + "0.5]}";
        String longId = "S".repeat(5000);
        String hugeKey = "K".repeat(900_000);
        return List.of(
                Bad.of("A", "{broken", "bad_point"),
                new Bad("A", garbage, "bad_point"),
                Bad.of("A", "null", "bad_point"),
                Bad.of("A", null, "bad_point"),
                Bad.of("A", "[1,2,3]", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":\"tomorrow\",\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":true,\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5,\"values\":\"1,2,3\"}", "bad_point"),
                Bad.of("A", "{\"series\":{\"id\":1},\"ts\":5,\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"ts\":5,\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5,\"values\":[[1],[2],[3]]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5,\"values\":[NaN,1,2]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5,\"values\":[Infinity,1,2]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5,\"values\":[1e400,1,2]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":" + (START + 5) + ",\"values\":[1e308,1,2]}", "out_of_range"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":5,\"values\":[1,2]}", "feature_count"),
                Bad.of("", "{\"series\":\"\",\"ts\":5,\"values\":[1,2,3]}", "bad_point"),
                Bad.of(longId, "{\"series\":\"" + longId + "\",\"ts\":5,\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":-5,\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":99999999999999999,\"values\":[1,2,3]}", "future_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":1e300,\"values\":[1,2,3]}", "bad_point"),
                Bad.of("A", "{\"series\":\"A\",\"ts\":1000,\"values\":[1,2,3]}", "late_point"),
                Bad.of("B", "{\"series\":\"A\",\"ts\":" + (START + 7) + ",\"values\":[1,2,3]}", "key_mismatch"),
                Bad.of(hugeKey, "{\"series\":\"A\",\"ts\":" + (START + 9) + ",\"values\":[1,2,3]}", "key_mismatch"),
                Bad.of("A", manyValues, "feature_count"));
    }

    @Test
    void everyGoodWindowIsScoredOnceAndEveryBadRecordIsADeadLetter() throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("hostile", "batch.size", "8", "tier1.every", "0", "tier1.margin.below", "-1",
                "tier1.distance.below", "-1", "window.stride", "2");
        int steps = model.card().windowLength().orElseThrow();
        BrinkMetrics metrics = new BrinkMetrics(model.name());
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", broker.bootstrapServers());
        producerProps.put("acks", "all");
        List<Bad> bad = badRecords();
        // The good traffic, with out-of-order points within the grace period and duplicates, as the reference rule sees it.
        Map<String, SeriesWindowState> reference = new HashMap<>();
        Set<String> expectedWindows = new HashSet<>();
        List<String[]> good = new ArrayList<>();
        Random rnd = new Random(4);
        for (int t = 0; t < 40; t++) {
            for (String s : List.of("A", "B", "C")) {
                long ts = START + t * STEP;
                if (t % 9 == 4) {
                    ts -= STEP + 1_000;      // out of order, within the 60 s grace of the latest ts... placed before it
                }
                good.add(new String[] {s, point(s, ts, rnd)});
                if (t % 11 == 6) {
                    good.add(new String[] {s, point(s, ts, rnd)});   // a duplicate: replaces, no new window
                }
            }
        }
        good.add(new String[] {"C", "{\"series\":\"C\",\"ts\":" + (START + 41 * STEP) + ",\"values\":[0.1,0.2,0.3],\"note\":\"x\"}"});
        for (String[] g : good) {
            JsonNode n = Json.mapper().readTree(g[1]);
            double[] v = Json.mapper().convertValue(n.get("values"), double[].class);
            reference.computeIfAbsent(g[0], k -> new SeriesWindowState(steps, 3))
                    .offer(g[0], n.get("ts").asLong(), model.normalizer().point(v), 60_000, 2)
                    .window().ifPresent(w -> expectedWindows.add(w.series() + "/" + w.seq() + "/" + w.ts()));
        }
        try (EnginePool backend = new EnginePool(model, new EngineOptions(Precision.FLOAT32, 2, 1));
             BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend, metrics, null);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer())) {
            pipeline.awaitRunning(Duration.ofSeconds(60));
            int b = 0;
            for (int i = 0; i < good.size(); i++) {
                send(producer, c.topics().points(), good.get(i)[0], good.get(i)[1].getBytes(StandardCharsets.UTF_8));
                if (i % 4 == 3 && b < bad.size()) {
                    send(producer, c.topics().points(), bad.get(b).key(), bad.get(b).value());
                    b++;
                }
            }
            assertEquals(bad.size(), b, "every bad record was sent between good ones");
            // Over the broker's record limit: the producer refuses it, Brink never sees it.
            ExecutionException tooLarge = assertThrows(ExecutionException.class, () -> producer.send(new ProducerRecord<>(
                    c.topics().points(), "A", new byte[1_100_000])).get());
            assertTrue(tooLarge.getCause() instanceof RecordTooLargeException, tooLarge.toString());

            List<ConsumerRecord<String, String>> scores = PipelineIntegrationTest.tier(KafkaClients.readUntil(broker.bootstrapServers(),
                    c.topics().scores(), Duration.ofSeconds(90), l -> l.size() >= expectedWindows.size()), 0);
            List<String> scored = new ArrayList<>();
            for (ConsumerRecord<String, String> r : scores) {
                JsonNode n = Json.mapper().readTree(r.value());
                scored.add(n.get("series").asText() + "/" + n.get("window_seq").asLong() + "/" + n.get("ts").asLong());
            }
            assertEquals(scored.size(), new HashSet<>(scored).size(), "no window is scored twice");
            assertEquals(expectedWindows, new HashSet<>(scored), "every good window is scored, by the windowing rule");

            List<ConsumerRecord<String, String>> dead = KafkaClients.readUntil(broker.bootstrapServers(), c.topics().deadLetters(),
                    Duration.ofSeconds(60), l -> l.size() >= bad.size());
            Map<String, Integer> codes = new TreeMap<>();
            for (ConsumerRecord<String, String> r : dead) {
                Schemas.assertValid("dlq", r.value());
                assertTrue(r.value().length() < 200_000 && (r.key() == null || r.key().length() <= 1024),
                        "a dead letter stays small: " + r.value().length() + " bytes");
                codes.merge(Json.mapper().readTree(r.value()).get("reason_code").asText(), 1, Integer::sum);
            }
            Map<String, Integer> expectedCodes = new TreeMap<>();
            bad.forEach(x -> expectedCodes.merge(x.code(), 1, Integer::sum));
            assertEquals(expectedCodes, codes, "each bad record is one dead letter with its reason code");
            for (Map.Entry<String, Integer> e : expectedCodes.entrySet()) {
                double counted = metrics.registry().get("brink.dlq.records").tag("reason", e.getKey()).counter().count();
                assertEquals(e.getValue(), (int) counted, "metric for " + e.getKey());
            }
            JsonNode big = dead.stream().map(r -> readTree(r.value())).filter(n -> n.path("value_bytes").asInt() > 1_000_000 / 2)
                    .findFirst().orElseThrow();
            assertTrue(big.get("value_truncated").asBoolean());
            assertEquals(65_536, java.util.Base64.getDecoder().decode(big.get("value_base64").asText()).length);
            JsonNode keyed = dead.stream().map(r -> readTree(r.value())).filter(n -> n.path("key_truncated").asBoolean())
                    .findFirst().orElseThrow();
            assertEquals(1024, keyed.get("key").asText().length());
            assertTrue(keyed.get("reason").asText().length() < 400, keyed.get("reason").asText());
        }
    }

    static JsonNode readTree(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String point(String series, long ts, Random rnd) {
        return String.format(java.util.Locale.ROOT, "{\"series\":\"%s\",\"ts\":%d,\"values\":[%.5f,%.5f,%.5f]}", series, ts,
                rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian());
    }

    static void send(KafkaProducer<String, byte[]> p, String topic, String key, byte[] value) throws Exception {
        p.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
