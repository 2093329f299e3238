package io.brink.stream;

import io.brink.config.PipelineConfig;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.engine.device.Precision;
import io.brink.metrics.BrinkMetrics;
import io.brink.metrics.MetricsServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Health that tells the truth, provoked on a real broker: a stream thread that fails on every try (replaced in a
 * loop) and a task that makes no progress while its input waits each make the instance not ready, with the reason,
 * a metric and a live process; both recover when the fault goes.
 */
class HealthIntegrationTest extends BrokerTest {

    /** A real engine pool whose tier-0 calls can be made to fail or to block: the faults these tests provoke. */
    static final class FaultyBackend implements ScoringBackend {
        final EnginePool real = new EnginePool(model, new EngineOptions(Precision.FLOAT32, 1, 1));
        volatile boolean fail;
        volatile CountDownLatch block;

        @Override
        public BatchResult score(WindowBatch batch, ProfileOptions options) {
            if (fail) {
                throw new IllegalStateException("injected scoring fault");
            }
            CountDownLatch b = block;
            if (b != null) {
                try {
                    b.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return real.score(batch, options);
        }

        @Override
        public CompletableFuture<BatchResult> submit(WindowBatch batch, ProfileOptions options) {
            return real.submit(batch, options);
        }

        @Override
        public io.brink.model.LoadedModel model() {
            return real.model();
        }

        @Override
        public String describe() {
            return "faulty " + real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        await(what, timeout, done, () -> "");
    }

    static void await(String what, Duration timeout, BooleanSupplier done, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + " " + state.get());
            }
            Thread.sleep(200);
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void points(PipelineConfig c, String series, int from, int to) {
        try (KafkaProducer<String, String> p = KafkaClients.producer(broker.bootstrapServers())) {
            for (int t = from; t <= to; t++) {
                KafkaClients.send(p, c.topics().points(), series, KafkaClients.point(series, t));
            }
        }
    }

    @Test
    void aStreamThreadReplacedInALoopIsNotReady() throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("health-fail", "batch.size", "2", "tier1.every", "0",
                "tier1.margin.below", "-1", "tier1.distance.below", "-1", "health.failure.window.ms", "4000", "stream.threads", "1");
        BrinkMetrics metrics = new BrinkMetrics(model.name());
        // A replaced thread rejoins the group; short sessions keep each rebalance of the loop to seconds.
        Properties kafka = new Properties();
        kafka.put("session.timeout.ms", "6000");
        kafka.put("heartbeat.interval.ms", "1000");
        try (FaultyBackend backend = new FaultyBackend();
             BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), kafka, backend, metrics, null);
             MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics, () -> pipeline.health().status())) {
            metrics.bind(pipeline, c);
            pipeline.awaitRunning(Duration.ofSeconds(60));
            await("ready", Duration.ofSeconds(30), () -> pipeline.health().status().ready());
            assertEquals(200, get(server.port(), "/health/ready").statusCode());

            backend.fail = true;
            points(c, "A", 1, 10);
            await("a stream thread was replaced twice", Duration.ofSeconds(90), () -> pipeline.health().threadReplacements() >= 2);
            await("not ready", Duration.ofSeconds(10), () -> !pipeline.health().status().ready());
            HttpResponse<String> ready = get(server.port(), "/health/ready");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("injected scoring fault"), ready.body());
            assertEquals(503, get(server.port(), "/health").statusCode());
            assertEquals(200, get(server.port(), "/health/live").statusCode(), "alive: a restart would not help");
            String scrape = metrics.scrape();
            assertTrue(scrape.contains("brink_ready 0.0"), scrape);
            assertTrue(scrape.matches("(?s).*brink_stream_thread_replacements_total [2-9][0-9]*\\.0.*"), scrape);

            backend.fail = false;
            await("ready again", Duration.ofSeconds(90), () -> pipeline.health().status().ready());
            assertTrue(PipelineIntegrationTest.tier(KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(),
                    Duration.ofSeconds(60), l -> l.size() >= 5), 0).size() >= 5, "the windows are scored once the fault goes");
        }
    }

    @Test
    void aTaskThatMakesNoProgressIsStuck() throws Exception {
        PipelineConfig c = PipelineIntegrationTest.config("health-stuck", "batch.size", "2", "tier1.every", "0",
                "tier1.margin.below", "-1", "tier1.distance.below", "-1", "health.stuck.ms", "1500", "stream.threads", "1");
        BrinkMetrics metrics = new BrinkMetrics(model.name());
        try (FaultyBackend backend = new FaultyBackend();
             BrinkPipeline pipeline = BrinkPipeline.start(broker.bootstrapServers(), model, c.withWindowLength(model.card().windowLength().orElseThrow()), new Properties(), backend, metrics, null);
             MetricsServer server = new MetricsServer("127.0.0.1", 0, metrics, () -> pipeline.health().status())) {
            metrics.bind(pipeline, c);
            pipeline.awaitRunning(Duration.ofSeconds(60));
            await("ready", Duration.ofSeconds(30), () -> pipeline.health().status().ready());

            CountDownLatch release = new CountDownLatch(1);
            backend.block = release;
            points(c, "B", 1, 12);
            try {
                await("a stuck task", Duration.ofSeconds(20), () -> pipeline.health().stuckTasks() >= 1,
                        () -> pipeline.health().status() + " tasks " + pipeline.progressForTests());
                HttpResponse<String> ready = get(server.port(), "/health/ready");
                assertEquals(503, ready.statusCode());
                assertTrue(ready.body().contains("made no progress"), ready.body());
                assertEquals(200, get(server.port(), "/health/live").statusCode());
                // Every task of the blocked thread whose input waits is stuck: the scoring task, and the calibration task
                // when events reached it before the stall.
                assertTrue(metrics.scrape().matches("(?s).*brink_tasks_stuck [12]\\.0.*"), metrics.scrape());
            } finally {
                backend.block = null;
                release.countDown();
            }
            await("ready again", Duration.ofSeconds(60), () -> pipeline.health().status().ready());
            assertEquals(0, pipeline.health().stuckTasks());
            assertTrue(PipelineIntegrationTest.tier(KafkaClients.readUntil(broker.bootstrapServers(), c.topics().scores(),
                    Duration.ofSeconds(60), l -> l.size() >= 7), 0).size() >= 7, "every window is scored after the stall");
        }
    }
}
