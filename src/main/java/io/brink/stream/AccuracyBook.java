package io.brink.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.brink.record.CalibrationEvent;
import io.brink.record.Json;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** What became of an outcome, and the labelled window for calibration when it joined a prediction that carries p̄. */
    record OutcomeResult(OutcomeFate fate, Optional<CalibrationEvent> labelled) {
    }

    /**
     * A prediction waiting for its outcome: class, robustness bucket, and for calibration p̄, the prediction set (class
     * indices), model and version. Builds before calibration stored "class|bucket" strings; those still join, without
     * calibration.
     */
    @JsonInclude(JsonInclude.Include.NON_ABSENT)
    record StoredPrediction(@JsonProperty("p") int predicted, @JsonProperty("b") String bucket,
                            @JsonProperty("probs") Optional<double[]> probabilities, @JsonProperty("set") Optional<List<Integer>> set,
                            @JsonProperty("m") Optional<String> model, @JsonProperty("v") Optional<String> version) {

        static StoredPrediction parse(String stored) {
            if (!stored.startsWith("{")) {
                int bar = stored.indexOf('|');
                return new StoredPrediction(Integer.parseInt(stored.substring(0, bar)), stored.substring(bar + 1), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty());
            }
            try {
                return Json.mapper().readValue(stored, StoredPrediction.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("a stored prediction cannot be read: " + e.getMessage(), e);
            }
        }

        String text() {
            try {
                return Json.mapper().writeValueAsString(this);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The labelled window for calibration, when this prediction carries what it needs. */
        Optional<CalibrationEvent> labelled(int actual) {
            if (probabilities.isEmpty() || set.isEmpty() || model.isEmpty() || actual >= probabilities.get().length) {
                return Optional.empty();
            }
            return Optional.of(CalibrationEvent.labelled(model.get(), version.orElse(""), probabilities.get(), actual,
                    set.get().contains(actual), set.get().size()));
        }
    }

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

    /**
     * Records a prediction; joins it at once if its outcome is already waiting, returning then the labelled window
     * for calibration.
     */
    Optional<CalibrationEvent> predicted(String series, long ts, StoredPrediction prediction, PipelineListener listener) {
        if (ts > latest) {
            latest = ts;
            clock.put(LATEST, ts);
        }
        String outcome = waiting.fetch(series, ts);
        if (outcome != null) {
            waiting.put(series, null, ts);
            int actual = Integer.parseInt(outcome);
            boolean correct = prediction.predicted() == actual;
            count(prediction.bucket(), correct);
            listener.outcomeJoined(prediction.bucket(), correct);
            return prediction.labelled(actual);
        }
        predictions.put(series, prediction.text(), ts);
        return Optional.empty();
    }

    /**
     * Records an outcome: joins it at once if its prediction is stored, keeps it waiting if its prediction
     * may still come, and reports it expired if predictions that old have already been dropped.
     */
    OutcomeResult outcome(String series, long ts, int actual, PipelineListener listener) {
        String stored = predictions.fetch(series, ts);
        if (stored == null) {
            Long known = clock.get(LATEST);
            if (known != null && ts <= known - retentionMs) {
                return new OutcomeResult(OutcomeFate.EXPIRED, Optional.empty());
            }
            waiting.put(series, Integer.toString(actual), ts);
            return new OutcomeResult(OutcomeFate.WAITING, Optional.empty());
        }
        predictions.put(series, null, ts);
        StoredPrediction p = StoredPrediction.parse(stored);
        boolean correct = p.predicted() == actual;
        count(p.bucket(), correct);
        listener.outcomeJoined(p.bucket(), correct);
        return new OutcomeResult(OutcomeFate.JOINED, p.labelled(actual));
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
