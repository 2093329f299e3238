package io.brink.stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.brink.calibration.Labelled;
import io.brink.calibration.ModelCalibration;
import io.brink.config.CalibrationPolicy;
import io.brink.record.CalibrationEvent;
import io.brink.record.CalibrationRecord;
import io.brink.record.Json;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Live calibration, one {@link ModelCalibration} per model, fed through the calibration-events topic (one partition,
 * keyed by model): tier-0 scoring's batches of prediction confidences for the label-free accuracy estimate, and the
 * outcome join's labelled predictions for calibration and the adaptive conformal sets. Every {@code calibration.interval.ms},
 * and after every {@code conformal.publish.every} labelled windows, it writes the model's {@link CalibrationRecord} to
 * the calibration topic (the scorers read the set rule from there) and to the listener.
 *
 * <p>State, in one changelogged store: per model its since-start sums, α_t and counters ({@code MODEL|saved}, written
 * with each labelled window), the number of predictions ({@code MODEL|predictions}, written with each prediction, so
 * that a prediction does not rewrite the sums) and the entries of its rolling windows ({@code MODEL|L|seq}: labelled
 * windows; {@code MODEL|P|seq}: prediction confidences), each written with its event, so that a restarted instance
 * rebuilds exactly the state its last committed offset implies.
 */
final class CalibrationProcessor implements Processor<String, byte[], String, CalibrationRecord> {

    static final String NAME = "calibration";
    static final String STORE = "brink-calibration";
    static final String SOURCE = "calibration-events-source";
    static final String SINK = "calibration-sink";
    private static final Logger LOG = LoggerFactory.getLogger(CalibrationProcessor.class);

    private final CalibrationPolicy policy;
    private final PipelineListener listener;
    private final Map<String, State> models = new LinkedHashMap<>();
    private ProcessorContext<String, CalibrationRecord> context;
    private KeyValueStore<String, String> store;

    /** One model's calibration with its entry counters (predictionSeq is also its prediction count) and latest version. */
    private static final class State {
        final ModelCalibration calibration;
        long labelSeq;
        long predictionSeq;
        String version;
        boolean changed = true;
        /** Labelled windows since the last record. */
        int sincePublished;

        State(ModelCalibration calibration, long labelSeq, long predictionSeq, String version) {
            this.calibration = calibration;
            this.labelSeq = labelSeq;
            this.predictionSeq = predictionSeq;
            this.version = version;
        }
    }

    /** What {@code MODEL|saved} holds (its prediction count is that of the last labelled window; {@code MODEL|predictions} is current). */
    record Saved(@JsonProperty("calibration") ModelCalibration.Saved calibration, @JsonProperty("label_seq") long labelSeq,
                 @JsonProperty("version") String version) {
    }

    /** What {@code MODEL|L|seq} holds: a labelled window and its set's coverage. */
    record LabelEntry(@JsonProperty("p") double[] probabilities, @JsonProperty("y") int actual, @JsonProperty("in") boolean covered,
                      @JsonProperty("size") int setSize) {
    }

    CalibrationProcessor(CalibrationPolicy policy, PipelineListener listener) {
        this.policy = policy;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, CalibrationRecord> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        restore();
        context.schedule(Duration.ofMillis(policy.intervalMs()), PunctuationType.WALL_CLOCK_TIME, this::emit);
    }

    private void restore() {
        Set<String> names = new HashSet<>();
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (key.endsWith("|saved")) {
                    names.add(key.substring(0, key.length() - "|saved".length()));
                }
            }
        }
        for (String model : names) {
            Saved saved = read(store.get(model + "|saved"), Saved.class);
            String counted = store.get(model + "|predictions");
            long predictions = counted == null ? saved.calibration().predictions() : Long.parseLong(counted);
            ModelCalibration.Saved sums = saved.calibration();
            sums = sums.withPredictions(predictions);
            List<Labelled> recent = new ArrayList<>();
            List<ModelCalibration.Coverage> coverage = new ArrayList<>();
            try (KeyValueIterator<String, String> it = store.prefixScan(model + "|L|", new StringSerializer())) {
                while (it.hasNext()) {
                    LabelEntry e = read(it.next().value, LabelEntry.class);
                    recent.add(new Labelled(e.probabilities(), e.actual()));
                    coverage.add(new ModelCalibration.Coverage(e.covered(), e.setSize(), e.actual(), e.setSize() >= e.probabilities().length));
                }
            }
            List<Double> confidences = new ArrayList<>();
            try (KeyValueIterator<String, String> it = store.prefixScan(model + "|P|", new StringSerializer())) {
                while (it.hasNext()) {
                    confidences.add(Double.parseDouble(it.next().value));
                }
            }
            models.put(model, new State(ModelCalibration.restore(policy.settings(), sums, recent, coverage, confidences),
                    saved.labelSeq(), predictions, saved.version()));
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CalibrationEvent e;
        try {
            e = Json.mapper().readValue(record.value(), CalibrationEvent.class);
        } catch (IOException | RuntimeException ex) {
            // Only the outcome join writes this topic; a record it cannot have written is logged and left out.
            LOG.warn("calibration event left out: {}", ex.getMessage());
            return;
        }
        State s = models.computeIfAbsent(e.model(), m -> new State(new ModelCalibration(policy.settings()), 0, 0, e.modelVersion()));
        s.version = e.modelVersion();
        s.changed = true;
        ModelCalibration c = s.calibration;
        if (e.kind() == CalibrationEvent.Kind.PREDICTED) {
            for (double confidence : e.confidences().orElseThrow()) {
                c.predicted(confidence);
                append(e.model() + "|P|", s.predictionSeq++, Double.toString(confidence), policy.estimateWindow());
            }
            put(e.model() + "|predictions", Long.toString(s.predictionSeq));
            if (s.labelSeq == 0 && store.get(e.model() + "|saved") == null) {
                put(e.model() + "|saved", write(new Saved(c.saved(), s.labelSeq, s.version)));
            }
        } else {
            int y = e.actual().orElseThrow();
            boolean covered = e.covered().orElseThrow();
            int size = e.setSize().orElseThrow();
            double[] p = e.probabilities().orElseThrow();
            c.labelled(p, y, covered, size);
            append(e.model() + "|L|", s.labelSeq++, write(new LabelEntry(p, y, covered, size)),
                    Math.max(policy.window(), policy.conformalWindow()));
            put(e.model() + "|saved", write(new Saved(c.saved(), s.labelSeq, s.version)));
            if (++s.sincePublished >= policy.publishEvery()) {
                publish(e.model(), s, context.currentSystemTimeMs());
            }
        }
    }

    /** Writes each changed model's record to the calibration topic and the listener. */
    private void emit(long now) {
        models.forEach((model, s) -> {
            if (s.changed) {
                publish(model, s, now);
            }
        });
    }

    /** Puts entry {@code seq} of a rolling window ({@code prefix}seq) and deletes the one {@code keep} entries older. */
    private void append(String prefix, long seq, String value, int keep) {
        put(prefix + seq(seq), value);
        if (seq >= keep) {
            store.delete(prefix + seq(seq - keep));
        }
    }

    /** Writes one model's record to the calibration topic and the listener. */
    private void publish(String model, State s, long now) {
        CalibrationRecord r = CalibrationRecord.of(model, s.version, now, s.calibration);
        context.forward(new Record<>(model, r, now), SINK);
        listener.calibrated(r);
        s.changed = false;
        s.sincePublished = 0;
    }

    private void put(String key, String value) {
        store.put(key, value);
    }

    private static String seq(long n) {
        return String.format("%019d", n);
    }

    private static String write(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("calibration state cannot be read: " + e.getMessage(), e);
        }
    }
}
