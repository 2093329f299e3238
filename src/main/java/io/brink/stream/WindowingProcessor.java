package io.brink.stream;

import io.brink.config.Windowing;
import io.brink.model.LoadedModel;
import io.brink.model.Normalizer;
import io.brink.record.DeadLetterReason;
import io.brink.record.Point;
import io.brink.record.FeatureOrder;
import io.brink.record.PointCodec;
import io.brink.window.SeriesWindowState;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Keeps each series' last T points in a persistent, changelogged store and emits a window when the windowing
 * rule ({@link SeriesWindowState}) says one is due. Malformed records, records whose key is not their series,
 * points with the wrong feature count or values the engine cannot take, points too far in the future, late
 * points and points too old for any window go to the dead-letter topic with the reason.
 */
final class WindowingProcessor implements Processor<String, byte[], String, Messages.WindowingOutput> {

    static final String STORE = "brink-windows";
    static final String NAME = "windowing";
    /** How often idle series are looked for at most (ms, wall clock). */
    static final long EVICTION_CHECK_MS = 60_000;

    private final LoadedModel model;
    /** The card's feature names: a point's values given by name are put in this order. */
    private final Optional<List<String>> featureNames;
    private final Normalizer normalizer;
    private final int steps;
    private final Windowing windowing;
    private final DeadLetters deadLetters;
    private final PipelineListener listener;
    private ProcessorContext<String, Messages.WindowingOutput> context;
    private KeyValueStore<String, SeriesWindowState> store;
    /** The latest point ts accepted by this task since it started: the event-time clock of idleness. */
    private long latestTs = Long.MIN_VALUE;

    /** Windows of {@code steps} points (the resolved window length) by {@code windowing}'s stride, grace and bounds. */
    WindowingProcessor(LoadedModel model, int steps, Windowing windowing, DeadLetters deadLetters, PipelineListener listener) {
        this.listener = listener;
        this.model = model;
        this.normalizer = model.normalizer();
        this.featureNames = model.card().featureNames();
        this.steps = steps;
        this.windowing = windowing;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, Messages.WindowingOutput> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        if (windowing.idleMs() > 0) {
            context.schedule(Duration.ofMillis(Math.min(EVICTION_CHECK_MS, windowing.idleMs())), PunctuationType.WALL_CLOCK_TIME,
                    now -> evictIdle());
        }
    }

    /**
     * Drops the state of every series whose latest ts is more than {@code series.idle.ms} behind the latest ts
     * this task has accepted (event time, so that a replay of old data keeps its series), and tells the
     * processors downstream so that they drop theirs. Before any point since the task started, nothing.
     */
    void evictIdle() {
        if (latestTs == Long.MIN_VALUE) {
            return;
        }
        long now = latestTs;
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, SeriesWindowState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, SeriesWindowState> e = all.next();
                if (e.value.size() > 0 && now - e.value.maxTs() > windowing.idleMs()) {
                    idle.add(e.key);
                }
            }
        }
        for (String series : idle) {
            store.delete(series);
            context.forward(new Record<>(series, new Messages.SeriesGone(series), context.currentSystemTimeMs()), ScoringProcessor.NAME);
            listener.seriesEvicted(series);
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Point p;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("empty record value");
            }
            p = PointCodec.fromJson(new String(record.value(), StandardCharsets.UTF_8), featureNames);
        } catch (FeatureOrder.Mismatch e) {
            reject(record, DeadLetterReason.FEATURE_NAMES, "point's " + e.getMessage());
            return;
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
                latestTs = Math.max(latestTs, p.ts());
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
