package io.brink.stream;

import io.brink.config.Windowing;
import io.brink.model.LoadedModel;
import io.brink.model.Normalizer;
import io.brink.record.DeadLetterReason;
import io.brink.record.Point;
import io.brink.record.PointCodec;
import io.brink.window.SeriesWindowState;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;

/**
 * Keeps each series' last T points in a persistent, changelogged store and emits a window when the windowing
 * rule ({@link SeriesWindowState}) says one is due. Malformed records, records whose key is not their series,
 * points with the wrong feature count, late points and points too old for any window go to the dead-letter
 * topic with the reason.
 */
final class WindowingProcessor implements Processor<String, byte[], String, Messages.WindowingOutput> {

    static final String STORE = "brink-windows";
    static final String NAME = "windowing";

    private final LoadedModel model;
    private final Normalizer normalizer;
    private final int steps;
    private final Windowing windowing;
    private final PipelineListener listener;
    private ProcessorContext<String, Messages.WindowingOutput> context;
    private KeyValueStore<String, SeriesWindowState> store;

    /** Windows of {@code steps} points (the resolved window length) by {@code windowing}'s stride and grace. */
    WindowingProcessor(LoadedModel model, int steps, Windowing windowing, PipelineListener listener) {
        this.model = model;
        this.normalizer = model.normalizer();
        this.steps = steps;
        this.windowing = windowing;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Messages.WindowingOutput> context) {
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
            p = PointCodec.fromJson(new String(record.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            reject(record, DeadLetterReason.BAD_POINT, "bad point: " + e.getMessage());
            return;
        }
        if (!p.series().equals(record.key())) {
            reject(record, DeadLetterReason.KEY_MISMATCH, "points must be keyed by their series id: key '" + record.key()
                    + "', series '" + p.series() + "'");
            return;
        }
        int d = model.classifier().inputSize();
        if (p.values().length != d) {
            reject(record, DeadLetterReason.FEATURE_COUNT, "point has " + p.values().length + " values, model '" + model.name()
                    + "' takes " + d);
            return;
        }
        SeriesWindowState state = store.get(p.series());
        if (state == null || state.capacity() != steps || state.features() != d) {
            state = new SeriesWindowState(steps, d);
        }
        SeriesWindowState.Offer offer = state.offer(p.series(), p.ts(), normalizer.point(p.values()), windowing.graceMs(),
                windowing.stride());
        switch (offer.placement()) {
            case LATE -> reject(record, DeadLetterReason.LATE_POINT, "late point: ts " + p.ts() + " is more than the grace of "
                    + windowing.graceMs() + " ms behind the series' latest ts " + state.maxTs());
            case TOO_OLD -> reject(record, DeadLetterReason.TOO_OLD, "point at ts " + p.ts() + " is older than every point of the "
                    + "series' current " + steps + "-point window, so it can be part of no future window");
            default -> {
                offer.window().ifPresent(w -> context.forward(new Record<>(p.series(), new Messages.WindowReady(w),
                        record.timestamp()), ScoringProcessor.NAME));
                store.put(p.series(), state);
            }
        }
    }

    private void reject(Record<String, byte[]> record, DeadLetterReason code, String reason) {
        DeadLetters.send(context, record, code, reason, listener);
    }
}
