package io.brink.stream;

import io.brink.analyze.Point;
import io.brink.analyze.PointParser;
import io.brink.model.LoadedModel;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;

/**
 * Keeps each series' last T points in a persistent, changelogged store and emits a window every
 * {@code stride} new points. Out-of-order points within the grace period are placed in ts order; older
 * ones, malformed records, records whose key is not their series and points with the wrong feature
 * count go to the dead-letter topic with the reason. A repeated ts replaces the earlier point.
 */
final class WindowingProcessor implements Processor<String, byte[], String, Object> {

    static final String STORE = "brink-windows";
    static final String NAME = "windowing";

    private final LoadedModel model;
    private final int steps;
    private final int stride;
    private final long graceMs;
    private final PipelineListener listener;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SeriesWindowState> store;

    WindowingProcessor(LoadedModel model, int steps, int stride, long graceMs, PipelineListener listener) {
        this.model = model;
        this.listener = listener;
        this.steps = steps;
        this.stride = stride;
        this.graceMs = graceMs;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Point p;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty record value");
            }
            p = PointParser.fromJson(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            DeadLetters.send(context, record, DeadLetterReason.BAD_POINT, "bad point: " + e.getMessage(), listener);
            return;
        }
        if (!p.series().equals(record.key())) {
            DeadLetters.send(context, record, DeadLetterReason.KEY_MISMATCH, "points must be keyed by their series id: key '" + record.key()
                    + "', series '" + p.series() + "'", listener);
            return;
        }
        int d = model.classifier().inputSize();
        if (p.values().length != d) {
            DeadLetters.send(context, record, DeadLetterReason.FEATURE_COUNT, "point has " + p.values().length + " values, model '" + model.name() + "' takes " + d, listener);
            return;
        }
        SeriesWindowState state = store.get(p.series());
        if (state == null || state.capacity() != steps || state.features() != d) {
            state = new SeriesWindowState(steps, d);
        }
        if (state.size() > 0 && p.ts() < state.maxTs() - graceMs) {
            DeadLetters.send(context, record, DeadLetterReason.LATE_POINT, "late point: ts " + p.ts() + " is more than the grace of " + graceMs
                    + " ms behind the series' latest ts " + state.maxTs(), listener);
            return;
        }
        double[] v = p.values().clone();
        model.normalize(v, 0);
        SeriesWindowState.Placement placed = state.offer(p.ts(), v);
        if (placed == SeriesWindowState.Placement.TOO_OLD) {
            DeadLetters.send(context, record, DeadLetterReason.TOO_OLD, "point at ts " + p.ts() + " is older than every point of the series' current "
                    + steps + "-point window, so it can be part of no future window", listener);
            return;
        }
        if (placed != SeriesWindowState.Placement.REPLACED && state.countPoint(stride)) {
            WindowTask w = new WindowTask(p.series(), state.lastTs(), state.takeSeq(), steps, d, state.windowValues());
            context.forward(new Record<String, Object>(p.series(), w, record.timestamp()), ScoringProcessor.NAME);
        }
        store.put(p.series(), state);
    }
}
