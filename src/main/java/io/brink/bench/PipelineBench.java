package io.brink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.broker.EmbeddedKafkaBroker;
import io.brink.engine.EngineOptions;
import io.brink.config.ConfigLoader;
import io.brink.config.PipelineConfig;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.algorithm.Lanczos;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.stream.BrinkPipeline;
import io.brink.stream.BrinkTopology;
import io.brink.stream.EnginePool;
import io.brink.stream.PipelineListener;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import io.brink.stream.TopicSetup;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code brink bench --pipeline}: the streaming pipeline on the embedded broker with the reference
 * model: points/s through windowing alone, end-to-end windows/s with tier 0 on every window and tier 1
 * on 5% (against the engine's own throughput for that mix), and point-to-score latency at half load.
 */
public final class PipelineBench {

    private static final int SERIES = 64;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private PipelineBench() {
    }

    static LoadedModel referenceModel() {
        return new LoadedModel("reference-lstm", "reference-0", ReferenceModel.create(0),
                ModelCard.ofWindowLength(ReferenceModel.STEPS));
    }

    static PipelineConfig config(String app, int batch) {
        return config(app, batch, 20);
    }

    /** The bench pipeline with tier 1 on every {@code tier1Every}th window (0 = tier 0 only). */
    static PipelineConfig config(String app, int batch, int tier1Every) {
        Properties p = new Properties();
        p.put("application.id", app);
        for (String t : List.of("points", "scores", "alerts", "outcomes", "dlq")) {
            p.put("topics." + t, app + "." + t);
        }
        p.put("topics.partitions", "2");
        p.put("batch.size", Integer.toString(batch));
        p.put("batch.flush.ms", "50");
        // tier 1 on every 20th window only (5%): no window is flagged by thresholds.
        p.put("tier1.margin.below", "-1");
        p.put("tier1.distance.below", "-1");
        p.put("tier1.every", Integer.toString(tier1Every));
        p.put("tier1.batch.size", "64");
        return ConfigLoader.fromProperties(p).withWindowLength(ReferenceModel.STEPS);
    }

    static String point(String series, long ts, SplittableRandom rnd) {
        return String.format(Locale.ROOT, "{\"series\":\"%s\",\"ts\":%d,\"values\":[%.4f,%.4f,%.4f,%.4f]}", series, ts,
                rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1, rnd.nextDouble() * 2 - 1);
    }

    /** Produces {@code perSeries} points for each series as fast as the producer goes. */
    static void produce(String bootstrap, String topic, int perSeries, long firstTs) {
        SplittableRandom rnd = new SplittableRandom(1);
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", "20",
                "batch.size", "262144"), new StringSerializer(), new StringSerializer())) {
            for (int t = 0; t < perSeries; t++) {
                for (int s = 0; s < SERIES; s++) {
                    p.send(new ProducerRecord<>(topic, "s" + s, point("s" + s, firstTs + t, rnd)));
                }
            }
            p.flush();
        }
    }

    public static void run(EngineOptions engine, PrintStream out) throws Exception {
        LoadedModel model = referenceModel();
        out.printf("brink bench --pipeline: embedded broker, reference model %s, T=%d, %d series, 2 partitions, exactly-once%n",
                model.classifier().describe(), ReferenceModel.STEPS, SERIES);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0)) {
            String bs = broker.bootstrapServers();
            double cold = windowingRun(bs, model, config("bench-windowing-warmup", 256), out);
            double windowing = windowing(bs, model, out);
            out.printf(Locale.ROOT, "  windowing: first run (JIT warm-up) %.0f points/s; the figure below is the second run%n", cold);
            double engineRate = engineMix(model, engine);
            double[] e2e = endToEnd(bs, model, engine, out);
            out.printf(Locale.ROOT, "windowing alone: %.0f points/s (goal >= 30000)%n", windowing);
            out.printf(Locale.ROOT, "engine alone, tier 0 on every window + tier 1 on 5%%: %.1f windows/s%n", engineRate);
            out.printf(Locale.ROOT, "end to end, same mix: %.1f windows/s = %.0f%% of the engine's (goal >= 50%%)%n", e2e[0],
                    100 * e2e[0] / engineRate);
            for (int every : new int[] {20, 0}) {
                settle();
                double[] lat = latency(bs, model, engine, e2e[0] / 2, every);
                out.printf(Locale.ROOT, "latency point -> tier-0 score at %.0f points/s (half load), %s: p50 %.0f ms, p99 %.0f ms "
                        + "(goal p99 <= 500 ms), %d windows%n", lat[2], every == 0 ? "tier 0 only" : "tier 1 on 5%", lat[0], lat[1],
                        (long) lat[3]);
                if (every > 0) {
                    out.printf(Locale.ROOT, "latency point -> tier-1 score (queued, batched, off the stream thread): p50 %.0f ms, "
                            + "p99 %.0f ms, %d windows%n", lat[4], lat[5], (long) lat[6]);
                }
            }
        }
    }

    /**
     * Lets the process settle before a latency phase: a full collection of what the previous phase left (the
     * end-to-end burst leaves a heap full of its garbage, which would otherwise be collected during the next phase,
     * whichever it is) and two seconds for the background threads of the pipeline just closed to finish. Each latency
     * phase then starts from the same state, as a service at steady load would be.
     */
    static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(2000);
    }

    static double windowing(String bs, LoadedModel model, PrintStream out) throws Exception {
        return windowingRun(bs, model, config("bench-windowing", 256), out);
    }

    static double windowingRun(String bs, LoadedModel model, PipelineConfig c, PrintStream out) throws Exception {
        TopicSetup.ensure(bs, new Properties(), c);
        int perSeries = 4000;
        produce(bs, c.topics().points(), perSeries, 0);
        AtomicLong windows = new AtomicLong();
        long expected = (long) SERIES * (perSeries - ReferenceModel.STEPS + 1);
        Path state = Files.createTempDirectory(Files.createDirectories(BrinkPipeline.temporaryStateRoot()), "bench-");
        KafkaStreams streams = new KafkaStreams(BrinkTopology.windowingOnly(model, c, windows),
                BrinkTopology.streamsConfig(bs, c, new Properties(), state));
        long start = System.nanoTime();
        streams.start();
        while (windows.get() == 0 && System.nanoTime() - start < 300e9) {
            Thread.sleep(1);
        }
        long first = System.nanoTime();
        long before = windows.get();
        while (windows.get() < expected && System.nanoTime() - start < 300e9) {
            Thread.sleep(20);
        }
        double secs = (System.nanoTime() - first) / 1e9;
        double points = (double) (windows.get() - before);
        streams.close(Duration.ofSeconds(30));
        EmbeddedKafkaBroker.deleteRecursively(state);
        out.printf(Locale.ROOT, "  windowing: %d points, %d windows; %.0f windows in %.1f s from the first window "
                        + "(each window is one point at stride 1; %.1f s of start-up before it)%n",
                (long) SERIES * perSeries, windows.get(), points, secs, (first - start) / 1e9);
        return points / secs;
    }

    static double engineMix(LoadedModel model, EngineOptions options) {
        int n = 256;
        int tier1 = n / 20;
        try (RobustnessEngine e = new RobustnessEngine(model, options)) {
            WindowBatch all = new WindowBatch(ReferenceModel.windows(n, 3), n, ReferenceModel.STEPS, ReferenceModel.FEATURES);
            WindowBatch few = new WindowBatch(ReferenceModel.windows(tier1, 4), tier1, ReferenceModel.STEPS, ReferenceModel.FEATURES);
            ProfileOptions t1 = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-3, 30, false)).attack(30).build();
            for (int i = 0; i < 2; i++) {
                e.profile(all, ProfileOptions.firstOrder());
                e.profile(few, t1);
            }
            long start = System.nanoTime();
            int reps = 5;
            for (int i = 0; i < reps; i++) {
                e.profile(all, ProfileOptions.firstOrder());
                e.profile(few, t1);
            }
            return reps * n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Windows per second through the whole pipeline for the mix: from the first tier-0 batch until every window has its
     * tier-0 score and every window selected for tier 1 (each series' every 20th) has its tier-1 score or was skipped by
     * the tier-1 queue's budget — tier 1 runs behind tier 0 (its workers at a lower priority), so stopping at the last
     * tier-0 score would count a mix with less tier 1 in it than the engine's figure.
     */
    static double[] endToEnd(String bs, LoadedModel model, EngineOptions options, PrintStream out) throws Exception {
        PipelineConfig c = config("bench-e2e", 256);
        int perSeries = 400;
        TopicSetup.ensure(bs, new Properties(), c);
        produce(bs, c.topics().points(), perSeries, 0);
        long expected = (long) SERIES * (perSeries - ReferenceModel.STEPS + 1);
        int every = c.tier1().every();
        AtomicLong scored = new AtomicLong();
        AtomicLong selected = new AtomicLong();
        AtomicLong tier1 = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong firstBatch = new AtomicLong();
        AtomicLong last = new AtomicLong();
        PipelineListener counting = new PipelineListener() {
            @Override
            public void tier0Scored(int windows, long nanos) {
                firstBatch.compareAndSet(0, System.nanoTime());
                scored.addAndGet(windows);
                last.set(System.nanoTime());
            }

            @Override
            public void scored(ScoreRecord score) {
                if (score.tier() == Tier.ZERO && every > 0 && score.windowSeq() % every == 0) {
                    selected.incrementAndGet();
                }
            }

            @Override
            public void tier1Scored(int windows, long nanos) {
                tier1.addAndGet(windows);
                last.set(System.nanoTime());
            }

            @Override
            public void tier1Skipped() {
                skipped.incrementAndGet();
                last.set(System.nanoTime());
            }
        };
        try (EnginePool backend = new EnginePool(model, options);
             BrinkPipeline pipeline = BrinkPipeline.start(bs, model, c, new Properties(), backend, counting, null)) {
            long start = System.nanoTime();
            while ((scored.get() < expected || tier1.get() + skipped.get() < selected.get()) && System.nanoTime() - start < 600e9) {
                Thread.sleep(20);
            }
            double secs = (last.get() - firstBatch.get()) / 1e9;
            out.printf(Locale.ROOT, "  end to end: %d windows, %d selected for tier 1 (%.1f%%): %d scored there, %d skipped by its "
                            + "budget; %.1f s from the first batch to the last score%n",
                    scored.get(), selected.get(), 100.0 * selected.get() / scored.get(), tier1.get(), skipped.get(), secs);
            return new double[] {scored.get() / secs};
        }
    }

    /** Produces at {@code pointsPerSecond} with ts = send time and measures ts → committed score arrival. */
    static double[] latency(String bs, LoadedModel model, EngineOptions options, double pointsPerSecond, int tier1Every)
            throws Exception {
        PipelineConfig c = config("bench-latency-" + tier1Every, 256, tier1Every);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Double> tier1Latencies = new ArrayList<>();
        try (EnginePool backend = new EnginePool(model, options);
             BrinkPipeline pipeline = BrinkPipeline.start(bs, model, c, new Properties(), backend, PipelineListener.NONE, null);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bs, "group.id",
                     "latency-" + UUID.randomUUID(), "auto.offset.reset", "latest", "isolation.level", "read_committed"),
                     new StringDeserializer(), new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bs, "linger.ms", "1"),
                     new StringSerializer(), new StringSerializer())) {
            pipeline.awaitRunning(Duration.ofSeconds(60));
            consumer.subscribe(List.of(c.topics().scores()));
            consumer.poll(Duration.ofMillis(500));
            SplittableRandom rnd = new SplittableRandom(2);
            long interval = (long) (1e9 * SERIES / pointsPerSecond);
            long warmupPoints = ReferenceModel.STEPS + 5;
            long runNanos = 20_000_000_000L;
            long start = System.nanoTime();
            long next = start;
            long rounds = 0;
            while (System.nanoTime() - start < runNanos + warmupPoints * interval) {
                long now = System.currentTimeMillis();
                for (int s = 0; s < SERIES; s++) {
                    producer.send(new ProducerRecord<>(c.topics().points(), "s" + s, point("s" + s, now, rnd)));
                }
                rounds++;
                next += interval;
                while (System.nanoTime() < next) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(Math.max(1, (next - System.nanoTime()) / 1_000_000)))) {
                        JsonNode score = JSON.readTree(r.value());
                        long ts = score.get("ts").asLong();
                        if (rounds > warmupPoints) {
                            (score.get("tier").asInt() == 0 ? latencies : tier1Latencies).add((double) (System.currentTimeMillis() - ts));
                        }
                    }
                }
            }
        }
        double[] v = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] w = tier1Latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {percentile(v, 0.5), percentile(v, 0.99), pointsPerSecond, v.length, percentile(w, 0.5), percentile(w, 0.99),
                w.length};
    }

    /** The q-quantile (nearest rank) of sorted values; NaN when there are none. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))];
    }
}
