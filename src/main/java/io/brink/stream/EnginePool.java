package io.brink.stream;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ScoringBackend} with, per ND4J device (one on the CPU backend), one engine per lane; calls go to
 * the devices in turn and each engine serializes its own calls. The bulk lane's engines get half the workers,
 * so tier-1 batches leave cores to tier 0, and run on the pool's own executor (a cached pool of daemon threads,
 * shut down on close) unless one is given (tests give a direct executor).
 */
public final class EnginePool implements ScoringBackend {

    private final List<RobustnessEngine> fast = new ArrayList<>();
    private final List<RobustnessEngine> bulk = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final EngineOptions options;
    private final Executor executor;
    private final ExecutorService owned;

    /** A pool running bulk calls on its own threads. */
    public EnginePool(SequenceClassifier model, EngineOptions options) {
        this(model, options, null);
    }

    /** A pool running bulk calls on {@code executor} (null: its own threads). */
    public EnginePool(SequenceClassifier model, EngineOptions options, Executor executor) {
        this.options = options;
        int devices = RobustnessEngine.nd4jDevices();
        for (int d = 0; d < devices; d++) {
            fast.add(new RobustnessEngine(model, options));
            bulk.add(new RobustnessEngine(model, options.withWorkers(bulkWorkers())));
        }
        if (executor == null) {
            owned = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "brink-tier1");
                t.setDaemon(true);
                return t;
            });
            this.executor = owned;
        } else {
            owned = null;
            this.executor = executor;
        }
    }

    @Override
    public List<WindowProfile> score(WindowBatch batch, ProfileOptions o) {
        return pick(fast).profile(batch, o).windows();
    }

    @Override
    public CompletableFuture<List<WindowProfile>> submit(WindowBatch batch, ProfileOptions o) {
        RobustnessEngine engine = pick(bulk);
        return CompletableFuture.supplyAsync(() -> engine.profile(batch, o).windows(), executor);
    }

    private RobustnessEngine pick(List<RobustnessEngine> lane) {
        return lane.get(Math.floorMod(next.getAndIncrement(), lane.size()));
    }

    @Override
    public String describe() {
        return fast.size() + " device(s), " + options.workers() + " tier-0 worker(s) and " + bulkWorkers()
                + " tier-1 worker(s) per device; " + fast.get(0).describe();
    }

    /** Workers of the bulk (tier-1) lane: half the fast lane's, at least one. */
    private int bulkWorkers() {
        return Math.max(1, options.workers() / 2);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
        fast.forEach(RobustnessEngine::close);
        bulk.forEach(RobustnessEngine::close);
    }
}
