package io.brink.stream;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome join's state, used by {@link OutcomeJoinProcessor} alone: joins outcomes to stored predictions
 * by (series, ts) in whichever order they arrive, and keeps running accuracy overall and per robustness bucket
 * in a state store (value: [windows with an outcome, correct]).
 *
 * <p>Predictions and outcomes that wait for their partner are kept in window stores keyed by series at
 * their ts, with {@code predictions.retention.ms} of retention: Kafka Streams drops whole segments once
 * the latest ts is that far ahead, so the state stays bounded whether or not outcomes ever arrive.
 */
final class AccuracyBook {

    /**
     * Window stores of predictions and of outcomes waiting for theirs. In earlier builds these were key-value
     * stores named "brink-predictions" and "brink-outcomes-waiting"; the new names give them new changelog
     * topics, so an upgraded application never restores the old layout (the old changelogs can be deleted).
     */
    static final String PREDICTIONS = "brink-predictions-by-ts";
    static final String WAITING_OUTCOMES = "brink-outcomes-waiting-by-ts";
    static final String ACCURACY = "brink-accuracy";
    /** The latest prediction ts of the task (one entry, cached): outcomes older than it minus the retention cannot join. */
    static final String CLOCK = "brink-join-clock";
    static final String OVERALL = "overall";
    private static final String LATEST = "latest-prediction-ts";

    /** What became of an outcome. */
    enum OutcomeFate { JOINED, WAITING, EXPIRED }

    private final WindowStore<String, String> predictions;
    private final WindowStore<String, String> waiting;
    private final KeyValueStore<String, double[]> accuracy;
    private final KeyValueStore<String, Long> clock;
    private final long retentionMs;
    private long latest = Long.MIN_VALUE;

    private AccuracyBook(WindowStore<String, String> predictions, WindowStore<String, String> waiting,
                         KeyValueStore<String, double[]> accuracy, KeyValueStore<String, Long> clock, long retentionMs) {
        this.predictions = predictions;
        this.waiting = waiting;
        this.accuracy = accuracy;
        this.clock = clock;
        this.retentionMs = retentionMs;
        Long stored = clock.get(LATEST);
        latest = stored == null ? Long.MIN_VALUE : stored;
    }

    /** The book over a task's join stores; the processor must be connected to all four. */
    static AccuracyBook of(org.apache.kafka.streams.processor.api.ProcessorContext<?, ?> context, long retentionMs) {
        return new AccuracyBook(context.getStateStore(PREDICTIONS), context.getStateStore(WAITING_OUTCOMES),
                context.getStateStore(ACCURACY), context.getStateStore(CLOCK), retentionMs);
    }

    /** Records a prediction; joins it at once if its outcome is already waiting. */
    void predicted(String series, long ts, int predicted, String bucket, PipelineListener listener) {
        if (ts > latest) {
            latest = ts;
            clock.put(LATEST, ts);
        }
        String outcome = waiting.fetch(series, ts);
        if (outcome != null) {
            waiting.put(series, null, ts);
            boolean correct = predicted == Integer.parseInt(outcome);
            count(bucket, correct);
            listener.outcomeJoined(bucket, correct);
        } else {
            predictions.put(series, predicted + "|" + bucket, ts);
        }
    }

    /**
     * Records an outcome: joins it at once if its prediction is stored, keeps it waiting if its prediction
     * may still come, and reports it expired if predictions that old have already been dropped.
     */
    OutcomeFate outcome(String series, long ts, int actual, PipelineListener listener) {
        String p = predictions.fetch(series, ts);
        if (p == null) {
            Long known = clock.get(LATEST);
            if (known != null && ts <= known - retentionMs) {
                return OutcomeFate.EXPIRED;
            }
            waiting.put(series, Integer.toString(actual), ts);
            return OutcomeFate.WAITING;
        }
        predictions.put(series, null, ts);
        int bar = p.indexOf('|');
        boolean correct = Integer.parseInt(p.substring(0, bar)) == actual;
        count(p.substring(bar + 1), correct);
        listener.outcomeJoined(p.substring(bar + 1), correct);
        return OutcomeFate.JOINED;
    }

    private void count(String bucket, boolean correct) {
        for (String b : new String[] {OVERALL, bucket}) {
            double[] c = accuracy.get(b);
            c = c == null ? new double[2] : c;
            c[0]++;
            if (correct) {
                c[1]++;
            }
            accuracy.put(b, c);
        }
    }

    /**
     * Current counts by bucket name ("overall" first), summed over every local task's store (a composite
     * store's {@code get} would return only the first task's entry).
     */
    static Map<String, double[]> read(org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, double[]> store) {
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(OVERALL, new double[2]);
        try (KeyValueIterator<String, double[]> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                double[] sum = out.computeIfAbsent(kv.key, k -> new double[2]);
                sum[0] += kv.value[0];
                sum[1] += kv.value[1];
            }
        }
        return out;
    }
}
