package io.brink.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.record.Json;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults with real processes: {@code brink broker} and {@code brink run} as OS processes, points fed by an
 * outside producer while (a) the Brink process is killed with SIGKILL and started again, (b) the broker is
 * stopped and started again on its data, (c) a second Brink instance joins and the first leaves (two
 * rebalances). Then, on {@code read_committed} consumers: every window scored exactly once at tier 0, every
 * selected window (every third of a series) exactly once at tier 1 and no other, every alert state change
 * once (per series and rule the states alternate, starting raised), no dead letter, and no data value in the
 * processes' INFO logs.
 */
class ProcessFaultTest {

    static final int SERIES = 6;
    static final int STEPS = 6;
    static final int TIER1_EVERY = 3;
    static final long TS0 = 1_700_000_000_000L;

    @TempDir
    Path dir;
    int port;
    String app;
    BrinkProcess broker;
    final List<BrinkProcess> instances = new ArrayList<>();
    int points;

    @BeforeEach
    void startBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = startBrokerProcess();
        app = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("brink.properties"), String.join("\n",
                "application.id=" + app,
                "topics.points=" + app + ".points", "topics.scores=" + app + ".scores", "topics.alerts=" + app + ".alerts",
                "topics.outcomes=" + app + ".outcomes", "topics.dlq=" + app + ".dlq", "topics.model.events=" + app + ".model-events",
                "topics.partitions=4", "window.length=" + STEPS, "batch.size=8", "batch.flush.ms=50",
                "tier1.every=" + TIER1_EVERY, "tier1.margin.below=-1", "tier1.distance.below=-1", "tier1.overflow=wait",
                "tier1.max.pending=64", "tier1.batch.size=8", "tier1.flush.ms=200", "tier1.max.hvp=10", "tier1.attack.steps=5",
                "stream.threads=2", "model.reload.interval.ms=0",
                "alert.rule.classzero.field=predicted_index", "alert.rule.classzero.below=0.5",
                "alert.rule.classzero.raise.after=1", "alert.rule.classzero.resolve.after=1",
                // a dead member's partitions move after 6 s instead of 45 s
                "kafka.session.timeout.ms=6000", "kafka.heartbeat.interval.ms=1000", ""));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (BrinkProcess p : instances) {
            p.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private BrinkProcess startBrokerProcess() throws Exception {
        BrinkProcess b = BrinkProcess.start("broker", dir.resolve("broker.log"), "broker", "--port", Integer.toString(port),
                "--log-dir", dir.resolve("kafka").toString());
        b.await("Kafka is listening", Duration.ofSeconds(60));
        return b;
    }

    /** Starts instance {@code i} of Brink (its own state directory) and waits until it is ready. */
    private BrinkProcess startBrink(int i) throws Exception {
        BrinkProcess p = BrinkProcess.start("brink-" + i, dir.resolve("brink-" + i + ".log"), "run",
                "--bootstrap-servers", "localhost:" + port, "--model", "src/test/resources/golden/lstm1_linear.onnx",
                "--config", dir.resolve("brink.properties").toString(), "--state-dir", dir.resolve("state-" + i).toString(),
                "--metrics-address", "127.0.0.1:0", "--workers", "1");
        int metrics = Integer.parseInt(p.await("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics", Duration.ofSeconds(90)));
        awaitReady(p, metrics);
        instances.add(p);
        return p;
    }

    private static void awaitReady(BrinkProcess p, int metricsPort) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                        + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.body();
            } catch (java.io.IOException e) {
                // not serving yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("brink did not become ready: " + last + "\n" + p.tail());
    }

    /** An outside producer that survives broker restarts (idempotent, long delivery timeout). */
    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", "localhost:" + port);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("delivery.timeout.ms", "300000");
        p.put("max.block.ms", "300000");
        p.put("request.timeout.ms", "5000");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    static String series(int s) {
        return "fault-series-" + s;
    }

    /** Point {@code t} of series {@code s}: a slow oscillation that moves the prediction between classes. */
    static String point(int s, int t) {
        double phase = t * 0.35 + s;
        return String.format(Locale.ROOT, "{\"series\":\"%s\",\"ts\":%d,\"values\":[%.6f,%.6f,%.6f]}", series(s), TS0 + 1000L * t,
                2 * Math.sin(phase), 1.5 * Math.cos(0.7 * phase), 0.5 * Math.sin(0.2 * t));
    }

    /** Sends rounds {@code from..to-1} (one point of every series each), {@code pauseMs} apart; records failures. */
    private void feed(KafkaProducer<String, String> producer, int from, int to, long pauseMs, AtomicReference<Exception> failed)
            throws InterruptedException {
        for (int t = from; t < to; t++) {
            for (int s = 0; s < SERIES; s++) {
                producer.send(new ProducerRecord<>(app + ".points", series(s), point(s, t)), (m, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
            }
            Thread.sleep(pauseMs);
        }
        points = Math.max(points, to);
    }

    /** Feeds rounds from..to-1 on another thread (the fault happens meanwhile). */
    private Thread feedInBackground(KafkaProducer<String, String> producer, int from, int to, AtomicReference<Exception> failed) {
        Thread t = new Thread(() -> {
            try {
                feed(producer, from, to, 40, failed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "feeder");
        t.start();
        return t;
    }

    /** What a scenario does to the processes while points keep arriving. */
    @FunctionalInterface
    interface Fault {
        void inject(BrinkProcess first) throws Exception;
    }

    /**
     * One instance scores 40 rounds of points; then, while rounds 40 to {@code rounds} arrive, {@code fault} is
     * injected; then everything is verified against the logs of {@code instances} Brink processes.
     */
    private void scenario(int rounds, int instances, Fault fault) throws Exception {
        AtomicReference<Exception> failed = new AtomicReference<>();
        BrinkProcess first = startBrink(0);
        try (KafkaProducer<String, String> producer = producer()) {
            feed(producer, 0, 40, 40, failed);
            awaitTier0(SERIES * 10, Duration.ofSeconds(60));
            Thread feeder = feedInBackground(producer, 40, rounds, failed);
            fault.inject(first);
            feeder.join();
            producer.flush();
        }
        Path[] logs = new Path[instances];
        for (int i = 0; i < instances; i++) {
            logs[i] = dir.resolve("brink-" + i + ".log");
        }
        verify(failed, logs);
    }

    @Test
    void killMinusNineAndRestart() throws Exception {
        scenario(120, 1, first -> {
            Thread.sleep(1500);
            first.kill9();
            this.instances.remove(first);
            startBrink(0);       // the same state directory
        });
    }

    @Test
    void brokerStoppedAndStartedAgainMidStream() throws Exception {
        scenario(120, 1, first -> {
            Thread.sleep(1500);
            broker.stop();
            Thread.sleep(3000);
            broker = startBrokerProcess();
        });
    }

    @Test
    void scaleFromOneInstanceToTwoAndBack() throws Exception {
        scenario(160, 2, first -> {
            startBrink(1);       // rebalance: the partitions are shared
            Thread.sleep(2000);
            first.stop();        // rebalance: instance 1 takes them all
            this.instances.remove(first);
        });
    }

    /** Committed records of {@code topic} from the start until {@code n} are read or the timeout passes. */
    private List<JsonNode> read(String topic, int n, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", "localhost:" + port);
        p.put("group.id", "verify-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        p.put("isolation.level", "read_committed");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(Json.mapper().readTree(r.value()));
                }
            }
            // anything past n would be a duplicate: give it a moment to show up
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < settle) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    out.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return out;
    }

    private void awaitTier0(int n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (read(app + ".scores", n, Duration.ofSeconds(5)).size() >= n) {
                return;
            }
        }
        throw new AssertionError("fewer than " + n + " scores within " + timeout);
    }

    private void verify(AtomicReference<Exception> failed, Path... logs) throws Exception {
        assertEquals(null, failed.get(), "every point was delivered to the broker");
        int windowsPerSeries = points - STEPS + 1;
        int tier0 = SERIES * windowsPerSeries;
        int tier1 = SERIES * ((windowsPerSeries + TIER1_EVERY - 1) / TIER1_EVERY);
        List<JsonNode> scores = read(app + ".scores", tier0 + tier1, Duration.ofSeconds(180));
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode s : scores) {
            seen.merge(s.get("tier").asInt() + "/" + s.get("series").asText() + "/" + s.get("window_seq").asLong(), 1, Integer::sum);
        }
        List<String> problems = new ArrayList<>();
        for (int s = 0; s < SERIES; s++) {
            for (int seq = 0; seq < windowsPerSeries; seq++) {
                int zero = seen.getOrDefault("0/" + series(s) + "/" + seq, 0);
                int one = seen.getOrDefault("1/" + series(s) + "/" + seq, 0);
                if (zero != 1) {
                    problems.add("tier 0 " + series(s) + " window " + seq + ": " + zero + " times");
                }
                if (one != (seq % TIER1_EVERY == 0 ? 1 : 0)) {
                    problems.add("tier 1 " + series(s) + " window " + seq + ": " + one + " times");
                }
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + problems.subList(0, Math.min(20, problems.size())));
        assertEquals(tier0 + tier1, scores.size(), "no score record beyond one per window and tier");

        List<JsonNode> alerts = read(app + ".alerts", 1, Duration.ofSeconds(10));
        Map<String, List<String>> states = new HashMap<>();
        Map<String, Long> lastSeq = new HashMap<>();
        for (JsonNode a : alerts) {
            String key = a.get("series").asText() + "/" + a.get("rule").asText();
            states.computeIfAbsent(key, k -> new ArrayList<>()).add(a.get("state").asText());
            long seq = a.get("window_seq").asLong();
            assertTrue(seq > lastSeq.getOrDefault(key, -1L), "alert changes of " + key + " in window order, each once: " + a);
            lastSeq.put(key, seq);
        }
        assertFalse(states.isEmpty(), "the rule changed state at least once");
        states.forEach((key, list) -> {
            for (int i = 0; i < list.size(); i++) {
                assertEquals(i % 2 == 0 ? "raised" : "resolved", list.get(i), key + ": " + list);
            }
        });
        assertEquals(List.of(), read(app + ".dlq", 0, Duration.ofSeconds(1)), "no dead letters");
        int replaced = 0;
        for (Path log : logs) {
            String text = Files.readString(log);
            replaced += text.split("a stream thread failed; replacing it", -1).length - 1;
            assertTrue(text.contains(" INFO "), "the log is at INFO: " + log);
            assertFalse(text.contains("fault-series-"), "no series id in the INFO log " + log);
            assertFalse(text.contains("\"values\""), "no point in the INFO log " + log);
        }
        System.out.printf("fault test %s: %d points per series; %d tier-0 and %d tier-1 records, %d alert changes, each once; "
                + "%d stream thread(s) replaced%n", app, points, tier0, tier1, alerts.size(), replaced);
    }
}
