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
import java.util.Optional;

/**
 * Keeps each series' last T points in a persistent, changelogged store and emits a window when the windowing
 * rule ({@link SeriesWindowState}) says one is due. Malformed records, records whose key is not their series,
 * points with the wrong feature count or values the engine cannot take, points too far in the future, late
 * points and points too old for any window go to the dead-letter topic with the reason.
 */
final class WindowingProcessor implements Processor<String, byte[], String, Messages.WindowingOutput> {

    static final String STORE = "brink-windows";
    static final String NAME = "windowing";

    private final LoadedModel model;
    private final Normalizer normalizer;
    private final int steps;
    private final Windowing windowing;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, Messages.WindowingOutput> context;
    private KeyValueStore<String, SeriesWindowState> store;

    /** Windows of {@code steps} points (the resolved window length) by {@code windowing}'s stride, grace and bounds. */
    WindowingProcessor(LoadedModel model, int steps, Windowing windowing, DeadLetters deadLetters) {
        this.model = model;
        this.normalizer = model.normalizer();
        this.steps = steps;
        this.windowing = windowing;
        this.deadLetters = deadLetters;
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
            reject(record, DeadLetterReason.KEY_MISMATCH, "points must be keyed by their series id: key " + DeadLetters.quote(record.key())
                    + ", series " + DeadLetters.quote(p.series()));
            return;
        }
        int d = model.classifier().inputSize();
        if (p.values().length != d) {
            reject(record, DeadLetterReason.FEATURE_COUNT, "point has " + p.values().length + " values, model '" + model.name()
                    + "' takes " + d);
            return;
        }
        double[] values = normalizer.point(p.values());
        Optional<String> range = normalizer.outOfRange(values, p.values());
        if (range.isPresent()) {
            reject(record, DeadLetterReason.OUT_OF_RANGE, "point at ts " + p.ts() + ": " + range.get());
            return;
        }
        long now = context.currentSystemTimeMs();
        if (p.ts() > now && p.ts() - now > windowing.maxFutureMs()) {
            reject(record, DeadLetterReason.FUTURE_POINT, "point at ts " + p.ts() + " is more than points.max.future.ms="
                    + windowing.maxFutureMs() + " ahead of the wall clock (" + now + ")");
            return;
        }
        SeriesWindowState state = store.get(p.series());
        if (state == null || state.capacity() != steps || state.features() != d) {
            state = new SeriesWindowState(steps, d);
        }
        if (windowing.maxAheadMs() > 0 && state.size() > 0 && p.ts() - state.maxTs() > windowing.maxAheadMs()) {
            reject(record, DeadLetterReason.FUTURE_POINT, "point at ts " + p.ts() + " is more than window.max.ahead.ms="
                    + windowing.maxAheadMs() + " ahead of its series' latest ts " + state.maxTs());
            return;
        }
        SeriesWindowState.Offer offer = state.offer(p.series(), p.ts(), values, windowing.graceMs(), windowing.stride());
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
        deadLetters.send(context, record, code, reason);
    }
}
