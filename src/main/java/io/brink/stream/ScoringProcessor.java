package io.brink.stream;

import io.brink.analyze.ScoreRecord;
import io.brink.engine.ProfileOptions;
import io.brink.engine.WarmStart;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.model.LoadedModel;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Scores windows in batches across series, in two tiers.
 *
 * <p>Tier 0 (every window: prediction, probabilities, entropy, margin, gradient norm, linear distance)
 * runs on the stream thread. Each window is first put in a persistent, changelogged pending store; a
 * batch is scored when the store holds {@code batch.size} windows or when the flush punctuation fires,
 * and the windows leave the store in the same transaction that writes their scores.
 *
 * <p>Tier 1 (the eigenpair, warm-started from the series' previous eigenvector, the second-order
 * estimates and the verified attack) runs on windows tier 0 flags (margin or linear distance below
 * thresholds, most fragile first) and on every Nth window of a series. Selected windows wait in a
 * second changelogged store; batches of them are profiled off the stream thread on the backend's bulk
 * lane, and their tier-1 records are forwarded, and the windows deleted, by a later punctuation in one
 * transaction. The compute budget is the queue's size: past {@code tier1.max.pending} the least urgent
 * selections are skipped. Under exactly-once, a crash at any point recomputes rather than loses.
 */
final class ScoringProcessor implements Processor<String, WindowTask, String, Object> {

    static final String NAME = "scoring";
    static final String PENDING = "brink-pending";
    static final String TIER1_PENDING = "brink-tier1-pending";
    static final String EIGENVECTORS = "brink-eigenvectors";

    private final LoadedModel model;
    private final ScoringBackend backend;
    private final ExecutorService bulk;
    private final PipelineConfig config;
    private final PipelineListener listener;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, WindowTask> pending;
    private KeyValueStore<String, WindowTask> tier1Pending;
    private KeyValueStore<String, double[]> eigenvectors;
    private AccuracyBook accuracy;
    private int pendingCount;
    private int tier1Count;
    private long tier1WaitingSince = -1;
    private Tier1Job job;

    /** A tier-1 batch in flight. */
    private record Tier1Job(List<WindowTask> windows, CompletableFuture<List<WindowProfile>> result, long started) {
    }

    ScoringProcessor(LoadedModel model, ScoringBackend backend, ExecutorService bulk, PipelineConfig config,
                     PipelineListener listener) {
        this.model = model;
        this.backend = backend;
        this.bulk = bulk;
        this.config = config;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        pending = context.getStateStore(PENDING);
        tier1Pending = context.getStateStore(TIER1_PENDING);
        eigenvectors = context.getStateStore(EIGENVECTORS);
        accuracy = AccuracyBook.of(context, config.predictionRetentionMs());
        pendingCount = count(pending);
        tier1Count = count(tier1Pending);
        tier1WaitingSince = tier1Count > 0 ? context.currentSystemTimeMs() : -1;
        context.schedule(Duration.ofMillis(config.flushIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
            flush();
            tier1(now);
        });
    }

    private static int count(KeyValueStore<String, WindowTask> store) {
        int n = 0;
        try (KeyValueIterator<String, WindowTask> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void process(Record<String, WindowTask> record) {
        pending.put(record.value().pendingKey(), record.value());
        pendingCount++;
        if (pendingCount >= config.batchSize()) {
            flush();
        }
    }

    @Override
    public void close() {
        if (job != null) {
            job.result().cancel(false);
            job = null;
        }
    }

    /** Scores every pending window at tier 0, in batches of at most batch.size. */
    void flush() {
        while (true) {
            List<WindowTask> batch = read(pending, config.batchSize());
            if (batch.isEmpty()) {
                pendingCount = 0;
                return;
            }
            tier0(batch);
            for (WindowTask w : batch) {
                pending.delete(w.pendingKey());
            }
            pendingCount = Math.max(0, pendingCount - batch.size());
        }
    }

    private static List<WindowTask> read(KeyValueStore<String, WindowTask> store, int max) {
        List<WindowTask> batch = new ArrayList<>();
        try (KeyValueIterator<String, WindowTask> it = store.all()) {
            while (it.hasNext() && batch.size() < max) {
                batch.add(it.next().value);
            }
        }
        return batch;
    }

    private static WindowBatch batchOf(List<WindowTask> windows) {
        int steps = windows.get(0).steps();
        int d = windows.get(0).features();
        double[] x = new double[windows.size() * steps * d];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i).values(), 0, x, i * steps * d, steps * d);
        }
        return new WindowBatch(x, windows.size(), steps, d);
    }

    private void tier0(List<WindowTask> batch) {
        long start = System.nanoTime();
        List<WindowProfile> profiles = backend.score(ScoringBackend.Lane.FAST, batchOf(batch), ProfileOptions.firstOrder(), null);
        List<Integer> flagged = new ArrayList<>();
        List<Integer> periodic = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            WindowTask w = batch.get(i);
            WindowProfile p = profiles.get(i);
            ScoreRecord rec = ScoreRecord.of(w.series(), w.ts(), w.seq(), model.name(), model.card(), p, w.features(), false);
            accuracy.predicted(w.series(), w.ts(), p.predicted(), config.bucketOf(rec.distanceLinear()), listener);
            context.forward(new Record<String, Object>(w.series(), rec, context.currentSystemTimeMs()));
            listener.scored(rec);
            if (p.margin() < config.tier1MarginBelow() || p.distances().linear() < config.tier1DistanceBelow()) {
                flagged.add(i);
            } else if (config.tier1Every() > 0 && w.seq() % config.tier1Every() == 0) {
                periodic.add(i);
            }
        }
        flagged.sort(Comparator.comparingDouble(i -> profiles.get(i).distances().linear()));
        int queued = 0;
        for (List<Integer> group : List.of(flagged, periodic)) {
            for (int i : group) {
                if (tier1Count < config.tier1MaxPending()) {
                    tier1Pending.put(batch.get(i).pendingKey(), batch.get(i));
                    tier1Count++;
                    queued++;
                }
            }
        }
        if (queued > 0 && tier1WaitingSince < 0) {
            tier1WaitingSince = context.currentSystemTimeMs();
        }
        listener.tier0Scored(batch.size(), System.nanoTime() - start);
    }

    /** Forwards a finished tier-1 batch, then starts the next one when enough windows wait or they waited long enough. */
    private void tier1(long now) {
        if (job != null) {
            if (!job.result().isDone()) {
                return;
            }
            List<WindowProfile> profiles;
            try {
                profiles = job.result().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                throw new IllegalStateException("tier-1 scoring failed", e.getCause());
            }
            for (int i = 0; i < job.windows().size(); i++) {
                WindowTask w = job.windows().get(i);
                WindowProfile p = profiles.get(i);
                if (p.curvature() != null) {
                    eigenvectors.put(w.series(), p.curvature().eigenvector());
                }
                ScoreRecord rec = ScoreRecord.of(w.series(), w.ts(), w.seq(), model.name(), model.card(), p, w.features(), false);
                context.forward(new Record<String, Object>(w.series(), rec, context.currentSystemTimeMs()));
                listener.scored(rec);
                tier1Pending.delete(w.pendingKey());
            }
            tier1Count = Math.max(0, tier1Count - job.windows().size());
            listener.tier1Scored(job.windows().size(), System.nanoTime() - job.started());
            job = null;
            tier1WaitingSince = tier1Count > 0 ? now : -1;
        }
        boolean due = tier1Count >= config.tier1BatchSize()
                || (tier1Count > 0 && tier1WaitingSince >= 0 && now - tier1WaitingSince >= config.tier1FlushIntervalMs());
        if (!due) {
            return;
        }
        List<WindowTask> windows = read(tier1Pending, config.tier1BatchSize());
        if (windows.isEmpty()) {
            tier1Count = 0;
            return;
        }
        double[][] warm = new double[windows.size()][];
        for (int i = 0; i < windows.size(); i++) {
            warm[i] = WarmStart.fromPrevious(eigenvectors.get(windows.get(i).series()));
        }
        ProfileOptions o = ProfileOptions.firstOrder()
                .withCurvature(true, config.tier1Tolerance(), config.tier1MaxHvp(), false)
                .withAttack(config.tier1Attack(), config.tier1AttackSteps());
        WindowBatch b = batchOf(windows);
        long started = System.nanoTime();
        job = new Tier1Job(windows, CompletableFuture.supplyAsync(() -> backend.score(ScoringBackend.Lane.BULK, b, o, warm), bulk),
                started);
    }
}
