package io.brink.stream;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joins outcomes to stored predictions by (series, ts) in whichever order they arrive, and keeps running
 * accuracy overall and per robustness bucket in a state store (value: [windows with an outcome, correct]).
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
    static final String OVERALL = "overall";

    private final WindowStore<String, String> predictions;
    private final WindowStore<String, String> waiting;
    private final KeyValueStore<String, double[]> accuracy;

    AccuracyBook(WindowStore<String, String> predictions, WindowStore<String, String> waiting,
                 KeyValueStore<String, double[]> accuracy) {
        this.predictions = predictions;
        this.waiting = waiting;
        this.accuracy = accuracy;
    }

    /** Records a prediction; joins it at once if its outcome is already waiting. */
    void predicted(String series, long ts, int predicted, String bucket, PipelineListener listener) {
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

    /** Records an outcome; joins it at once if its prediction is stored. */
    void outcome(String series, long ts, int actual, PipelineListener listener) {
        String p = predictions.fetch(series, ts);
        if (p == null) {
            waiting.put(series, Integer.toString(actual), ts);
            return;
        }
        predictions.put(series, null, ts);
        int bar = p.indexOf('|');
        boolean correct = Integer.parseInt(p.substring(0, bar)) == actual;
        count(p.substring(bar + 1), correct);
        listener.outcomeJoined(p.substring(bar + 1), correct);
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
