package io.brink.stream;

import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Joins outcomes to stored predictions by (series, ts) in whichever order they arrive, and keeps running
 * accuracy overall and per robustness bucket in a state store (value: [windows with an outcome, correct]).
 */
final class AccuracyBook {

    static final String PREDICTIONS = "brink-predictions";
    static final String WAITING_OUTCOMES = "brink-outcomes-waiting";
    static final String ACCURACY = "brink-accuracy";
    static final String OVERALL = "overall";

    private final KeyValueStore<String, String> predictions;
    private final KeyValueStore<String, String> waiting;
    private final KeyValueStore<String, double[]> accuracy;

    AccuracyBook(KeyValueStore<String, String> predictions, KeyValueStore<String, String> waiting,
                 KeyValueStore<String, double[]> accuracy) {
        this.predictions = predictions;
        this.waiting = waiting;
        this.accuracy = accuracy;
    }

    static String key(String series, long ts) {
        return series + '\u0000' + ts;
    }

    static long tsOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('\u0000') + 1));
    }

    /** Records a prediction; joins it at once if its outcome is already waiting. */
    void predicted(String series, long ts, int predicted, String bucket, PipelineListener listener) {
        String k = key(series, ts);
        String outcome = waiting.get(k);
        if (outcome != null) {
            waiting.delete(k);
            boolean correct = predicted == Integer.parseInt(outcome);
            count(bucket, correct);
            listener.outcomeJoined(bucket, correct);
        } else {
            predictions.put(k, predicted + "|" + bucket);
        }
    }

    /** Records an outcome; joins it at once if its prediction is stored. */
    void outcome(String series, long ts, int actual, PipelineListener listener) {
        String k = key(series, ts);
        String p = predictions.get(k);
        if (p == null) {
            waiting.put(k, Integer.toString(actual));
            return;
        }
        predictions.delete(k);
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

    /** Drops predictions and waiting outcomes with ts before {@code cutoff}. */
    void expire(long cutoff) {
        for (KeyValueStore<String, String> s : java.util.List.of(predictions, waiting)) {
            java.util.List<String> old = new java.util.ArrayList<>();
            try (KeyValueIterator<String, String> it = s.all()) {
                while (it.hasNext()) {
                    String k = it.next().key;
                    if (tsOf(k) < cutoff) {
                        old.add(k);
                    }
                }
            }
            old.forEach(s::delete);
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
