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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores windows in batches across series. Each window is first put in a persistent, changelogged
 * pending store; a batch is scored when the store holds {@code batch.size} windows or when the flush
 * punctuation fires, and the windows are deleted from the store in the same transaction that writes
 * their scores, so under exactly-once no buffered window is lost or scored twice.
 *
 * <p>Tier 0 (every window): prediction, probabilities, entropy, margin, gradient norm, linear distance.
 * Tier 1 adds the eigenpair (warm-started from the series' previous eigenvector, kept in state), the
 * second-order estimates and the verified attack, for windows tier 0 flags (margin or linear distance
 * below thresholds), every Nth window of a series, within a per-batch budget (flagged first).
 */
final class ScoringProcessor implements Processor<String, WindowTask, String, Object> {

    static final String NAME = "scoring";
    static final String PENDING = "brink-pending";
    static final String EIGENVECTORS = "brink-eigenvectors";

    private final LoadedModel model;
    private final ScoringBackend backend;
    private final PipelineConfig config;
    private final PipelineListener listener;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, WindowTask> pending;
    private KeyValueStore<String, double[]> eigenvectors;
    private AccuracyBook accuracy;
    private int pendingCount;

    ScoringProcessor(LoadedModel model, ScoringBackend backend, PipelineConfig config, PipelineListener listener) {
        this.model = model;
        this.backend = backend;
        this.config = config;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        pending = context.getStateStore(PENDING);
        eigenvectors = context.getStateStore(EIGENVECTORS);
        accuracy = new AccuracyBook(context.getStateStore(AccuracyBook.PREDICTIONS),
                context.getStateStore(AccuracyBook.WAITING_OUTCOMES), context.getStateStore(AccuracyBook.ACCURACY));
        pendingCount = 0;
        try (KeyValueIterator<String, WindowTask> it = pending.all()) {
            while (it.hasNext()) {
                it.next();
                pendingCount++;
            }
        }
        context.schedule(Duration.ofMillis(config.flushIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, WindowTask> record) {
        pending.put(record.value().pendingKey(), record.value());
        pendingCount++;
        if (pendingCount >= config.batchSize()) {
            flush();
        }
    }

    /** Scores every pending window, in batches of at most batch.size. */
    void flush() {
        while (true) {
            List<WindowTask> batch = new ArrayList<>();
            try (KeyValueIterator<String, WindowTask> it = pending.all()) {
                while (it.hasNext() && batch.size() < config.batchSize()) {
                    batch.add(it.next().value);
                }
            }
            if (batch.isEmpty()) {
                pendingCount = 0;
                return;
            }
            score(batch);
            for (WindowTask w : batch) {
                pending.delete(w.pendingKey());
            }
            pendingCount = Math.max(0, pendingCount - batch.size());
        }
    }

    private void score(List<WindowTask> batch) {
        long start = System.nanoTime();
        int n = batch.size();
        int steps = batch.get(0).steps();
        int d = batch.get(0).features();
        double[] x = new double[n * steps * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(batch.get(i).values(), 0, x, i * steps * d, steps * d);
        }
        List<WindowProfile> tier0 = backend.score(new WindowBatch(x, n, steps, d), ProfileOptions.firstOrder(), null);

        List<Integer> chosen = chooseTier1(batch, tier0);
        WindowProfile[] tier1 = new WindowProfile[n];
        if (!chosen.isEmpty()) {
            double[] x1 = new double[chosen.size() * steps * d];
            double[][] warm = new double[chosen.size()][];
            for (int i = 0; i < chosen.size(); i++) {
                WindowTask w = batch.get(chosen.get(i));
                System.arraycopy(w.values(), 0, x1, i * steps * d, steps * d);
                warm[i] = WarmStart.fromPrevious(eigenvectors.get(w.series()));
            }
            ProfileOptions o = ProfileOptions.firstOrder()
                    .withCurvature(true, config.tier1Tolerance(), config.tier1MaxHvp(), false)
                    .withAttack(config.tier1Attack(), config.tier1AttackSteps());
            List<WindowProfile> profiles = backend.score(new WindowBatch(x1, chosen.size(), steps, d), o, warm);
            for (int i = 0; i < chosen.size(); i++) {
                WindowProfile p = profiles.get(i);
                tier1[chosen.get(i)] = p;
                if (p.curvature() != null) {
                    eigenvectors.put(batch.get(chosen.get(i)).series(), p.curvature().eigenvector());
                }
            }
        }
        for (int i = 0; i < n; i++) {
            WindowTask w = batch.get(i);
            WindowProfile p = tier1[i] != null ? tier1[i] : tier0.get(i);
            ScoreRecord rec = ScoreRecord.of(w.series(), w.ts(), w.seq(), model.name(), model.card(), p, d, false);
            accuracy.predicted(w.series(), w.ts(), p.predicted(), config.bucketOf(rec.distanceLinear()));
            context.forward(new Record<String, Object>(w.series(), rec, context.currentSystemTimeMs()));
        }
        listener.batchScored(n, chosen.size(), System.nanoTime() - start);
    }

    private List<Integer> chooseTier1(List<WindowTask> batch, List<WindowProfile> tier0) {
        List<Integer> flagged = new ArrayList<>();
        List<Integer> periodic = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            WindowProfile p = tier0.get(i);
            double dist = p.distances().linear();
            if (p.margin() < config.tier1MarginBelow() || dist < config.tier1DistanceBelow()) {
                flagged.add(i);
            } else if (config.tier1Every() > 0 && batch.get(i).seq() % config.tier1Every() == 0) {
                periodic.add(i);
            }
        }
        flagged.sort(Comparator.comparingDouble(i -> tier0.get(i).distances().linear()));
        List<Integer> chosen = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (List<Integer> group : List.of(flagged, periodic)) {
            for (int i : group) {
                if (chosen.size() < config.tier1MaxPerBatch() && seen.add(i)) {
                    chosen.add(i);
                }
            }
        }
        return chosen;
    }
}
