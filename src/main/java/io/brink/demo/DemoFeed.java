package io.brink.demo;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.model.Normalizer;
import io.brink.window.Window;
import io.brink.window.WindowBatcher;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's producer: replays the EuStockMarkets daily log-returns (DAX, SMI, CAC, FTSE) and three
 * synthetic series — SYN-REGIME, whose volatility switches regime every 150 points; SYN-ADV, calm,
 * where every other block of T points carries an adversarial perturbation found by Brink's own attack on the
 * served model (so that the window ending at the block flips class); and SYN-OOD, an out-of-distribution shape
 * ({@link OutOfDistribution#DEMO}) — at a fixed rate, plus each window's realized outcome 10 points later.
 */
public final class DemoFeed implements Runnable {

    private static final int HORIZON = 10;
    private static final long DAY = 86_400_000L;

    private final String bootstrap;
    private final String pointsTopic;
    private final String outcomesTopic;
    private final LoadedModel model;
    private final double pointsPerSecond;
    private final Map<String, List<long[]>> eustockTs = new LinkedHashMap<>();
    private final Map<String, List<Double>> eustockReturns = new LinkedHashMap<>();
    private final Map<String, String> eustockOutcomes = new HashMap<>();
    private final double[] volatilityCuts;
    private final AtomicLong pointsSent = new AtomicLong();
    private final AtomicLong perturbedWindows = new AtomicLong();
    private volatile boolean running = true;
    /** The window length the pipeline cuts (the model contract's). */
    private final int steps;

    public DemoFeed(String bootstrap, String pointsTopic, String outcomesTopic, LoadedModel model, int steps, Path dataDir,
                    double pointsPerSecond, double[] volatilityCuts) throws IOException {
        this.steps = steps;
        this.bootstrap = bootstrap;
        this.pointsTopic = pointsTopic;
        this.outcomesTopic = outcomesTopic;
        this.model = model;
        this.pointsPerSecond = pointsPerSecond;
        this.volatilityCuts = volatilityCuts;
        for (String line : Files.readAllLines(dataDir.resolve("eustockmarkets-points.csv"))) {
            if (line.startsWith("series")) {
                continue;
            }
            String[] f = line.split(",");
            eustockTs.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new long[] {Long.parseLong(f[1])});
            eustockReturns.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[2]));
        }
        for (String line : Files.readAllLines(dataDir.resolve("models").resolve("eustock-vol-lstm.outcomes.csv"))) {
            if (!line.startsWith("series")) {
                String[] f = line.split(",");
                eustockOutcomes.put(f[0] + "@" + f[1], f[2]);
            }
        }
    }

    public long pointsSent() {
        return pointsSent.get();
    }

    public long perturbedWindows() {
        return perturbedWindows.get();
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        Map<String, SeriesSource> sources = new LinkedHashMap<>();
        for (String s : eustockTs.keySet()) {
            sources.put(s, new Replay(s));
        }
        long start = eustockTs.values().iterator().next().get(0)[0];
        sources.put("SYN-REGIME", new Synthetic(start, 11, false, steps));
        sources.put("SYN-ADV", new Synthetic(start, 12, true, steps));
        sources.put("SYN-OOD", new Synthetic(start, 13, false, steps, OutOfDistribution.DEMO));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", "5"),
                new StringSerializer(), new StringSerializer());
             RobustnessEngine attacker = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            long interval = (long) (1e9 / pointsPerSecond);
            long next = System.nanoTime();
            while (running) {
                long roundTs = Long.MIN_VALUE;
                for (Map.Entry<String, SeriesSource> e : sources.entrySet()) {
                    SeriesSource src = e.getValue();
                    double[] point = src.next(attacker, roundTs);
                    long ts = (long) point[0];
                    roundTs = roundTs == Long.MIN_VALUE ? ts : roundTs;
                    producer.send(new ProducerRecord<>(pointsTopic, e.getKey(), String.format(Locale.ROOT,
                            "{\"series\":\"%s\",\"ts\":%d,\"values\":[%.6f]}", e.getKey(), ts, point[1])));
                    pointsSent.incrementAndGet();
                    String outcome = src.outcomeDue();
                    if (outcome != null) {
                        producer.send(new ProducerRecord<>(outcomesTopic, e.getKey(), outcome));
                    }
                }
                next += interval;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One series' next point ({ts, value}) and the outcome record due after it, if any. {@code roundTs} is
     * the ts of this round's first point (Long.MIN_VALUE for the first series): synthetic series take it,
     * so that every series follows the same trading calendar and event time moves on evenly in each partition.
     */
    private interface SeriesSource {
        double[] next(RobustnessEngine attacker, long roundTs);

        String outcomeDue();
    }

    /** Replays an EuStockMarkets series; loops with the timestamps moved on past the end. */
    private final class Replay implements SeriesSource {
        private final String series;
        private int i;
        private long shift;
        private long lastTs;
        private final List<Long> sentTs = new ArrayList<>();

        Replay(String series) {
            this.series = series;
        }

        @Override
        public double[] next(RobustnessEngine attacker, long roundTs) {
            List<long[]> ts = eustockTs.get(series);
            if (i == ts.size()) {
                i = 0;
                shift = lastTs + DAY - ts.get(0)[0];
            }
            long t = ts.get(i)[0] + shift;
            double v = eustockReturns.get(series).get(i);
            i++;
            lastTs = t;
            sentTs.add(t - shift);
            return new double[] {t, v};
        }

        @Override
        public String outcomeDue() {
            if (sentTs.size() <= HORIZON) {
                return null;
            }
            long windowTs = sentTs.get(sentTs.size() - 1 - HORIZON);
            String label = eustockOutcomes.get(series + "@" + windowTs);
            if (sentTs.size() > 4 * HORIZON) {
                sentTs.subList(0, sentTs.size() - 2 * HORIZON).clear();
            }
            return label == null ? null : outcomeJson(series, windowTs + shift, label);
        }
    }

    /** Synthetic daily returns with injected volatility regimes, or calm with adversarially perturbed windows. */
    private final class Synthetic implements SeriesSource {
        private final Random rnd;
        private final boolean adversarial;
        private final int steps;
        private final String name;
        private long ts;
        private int n;
        private final List<double[]> sent = new ArrayList<>();
        private final List<double[]> queue = new ArrayList<>();

        private final OutOfDistribution shape;

        Synthetic(long start, long seed, boolean adversarial, int steps) {
            this(start, seed, adversarial, steps, null);
        }

        /** With a {@code shape}: that out-of-distribution series instead of Gaussian returns. */
        Synthetic(long start, long seed, boolean adversarial, int steps, OutOfDistribution shape) {
            this.rnd = new Random(seed);
            this.adversarial = adversarial;
            this.steps = steps;
            this.ts = start;
            this.shape = shape;
            this.name = shape != null ? "SYN-OOD" : adversarial ? "SYN-ADV" : "SYN-REGIME";
        }

        private double sigma(int k) {
            return adversarial ? 0.6 : ((k / 150) % 2 == 0 ? 0.5 : 2.5);
        }

        @Override
        public double[] next(RobustnessEngine attacker, long roundTs) {
            if (queue.isEmpty()) {
                // A block of T points; for SYN-ADV every other block is perturbed to flip its window.
                double[] block = new double[steps];
                for (int k = 0; k < steps; k++) {
                    block[k] = shape != null ? shape.value(n + k, rnd) : rnd.nextGaussian() * sigma(n + k);
                }
                if (adversarial && (n / steps) % 2 == 1) {
                    perturb(block, attacker);
                }
                for (double v : block) {
                    queue.add(new double[] {0, v});
                }
            }
            ts = roundTs == Long.MIN_VALUE ? ts + DAY : roundTs;
            double[] p = queue.remove(0);
            p[0] = ts;
            sent.add(p);
            n++;
            return p;
        }

        /** Adds to the block (raw values, one feature per step) 1.02 times the attack's verified flip, in raw units. */
        private void perturb(double[] block, RobustnessEngine attacker) {
            Normalizer normalizer = model.normalizer();
            Window w = new Window(name, 0, 0, steps, 1, normalizer.window(block));
            AttackOutcome a = attacker.profile(WindowBatcher.batch(List.of(w)), ProfileOptions.builder().attack(50).build())
                    .windows().get(0).attack();
            if (!(a instanceof AttackOutcome.Flip flip)) {
                return;
            }
            double[] raw = normalizer.perturbationToRaw(flip.perturbation());
            for (int k = 0; k < steps; k++) {
                block[k] += 1.02 * raw[k];
            }
            perturbedWindows.incrementAndGet();
        }

        @Override
        public String outcomeDue() {
            if (sent.size() <= HORIZON) {
                return null;
            }
            int end = sent.size() - 1 - HORIZON;
            double mean = 0;
            for (int k = end + 1; k <= end + HORIZON; k++) {
                mean += sent.get(k)[1] / HORIZON;
            }
            double var = 0;
            for (int k = end + 1; k <= end + HORIZON; k++) {
                var += Math.pow(sent.get(k)[1] - mean, 2) / (HORIZON - 1);
            }
            double vol = Math.sqrt(var);
            String label = vol < volatilityCuts[0] ? "calm" : vol < volatilityCuts[1] ? "normal" : "turbulent";
            String json = outcomeJson(name, (long) sent.get(end)[0], label);
            if (sent.size() > 4 * HORIZON) {
                sent.subList(0, sent.size() - 2 * HORIZON).clear();
            }
            return json;
        }
    }

    private static String outcomeJson(String series, long ts, String label) {
        return String.format(Locale.ROOT, "{\"series\":\"%s\",\"ts\":%d,\"class\":\"%s\"}", series, ts, label);
    }
}
