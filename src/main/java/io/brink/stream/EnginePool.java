package io.brink.stream;

import io.brink.engine.device.DeviceChoice;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WorkerPriority;
import io.brink.model.LoadedModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ScoringBackend} with, per device (the CPU, or each GPU of {@code --device cuda}), one engine per lane; calls go to
 * the devices in turn and each engine serializes its own calls. The bulk lane's engines run their workers at background
 * priority ({@link WorkerPriority#BACKGROUND}: tier 0 gets the cores whenever it needs them) with as many workers as
 * the fast lane, or, where the priority cannot be lowered, with half the workers, so tier-1 batches leave cores to tier
 * 0; bulk calls run on the pool's own executor (a cached pool of daemon threads,
 * shut down on close) unless one is given (tests give a direct executor).
 *
 * <p>The engines of one model version form a generation. {@link #swap} puts a new generation in place at once:
 * calls that started before finish on the old one (their results name the old version), which is closed when
 * its last call returns. The pool also keeps a copy of the last tier-0 window it scored, for the smoke test of
 * the next version.
 */
public final class EnginePool implements ScoringBackend {

    private final EngineOptions options;
    private final Executor executor;
    private final ExecutorService owned;
    private final AtomicReference<Generation> current = new AtomicReference<>();
    private final AtomicReference<WindowBatch> lastWindow = new AtomicReference<>();
    private final AtomicInteger next = new AtomicInteger();

    /** One model version's engines, counted while in use so that a retired generation closes after its last call. */
    private final class Generation {
        final LoadedModel model;
        final List<RobustnessEngine> fast = new ArrayList<>();
        final List<RobustnessEngine> bulk = new ArrayList<>();
        private int users;
        private boolean retired;

        Generation(LoadedModel model) {
            this.model = model;
            for (DeviceChoice device : io.brink.engine.Devices.resolve(options.device())) {
                EngineOptions o = options.withDevice(device);
                fast.add(new RobustnessEngine(model, o));
                bulk.add(new RobustnessEngine(model, o.withWorkers(bulkWorkers()), WorkerPriority.BACKGROUND));
            }
        }

        synchronized boolean acquire() {
            if (retired) {
                return false;
            }
            users++;
            return true;
        }

        void release() {
            boolean close;
            synchronized (this) {
                users--;
                close = retired && users == 0;
            }
            if (close) {
                closeEngines();
            }
        }

        void retire() {
            boolean close;
            synchronized (this) {
                retired = true;
                close = users == 0;
            }
            if (close) {
                closeEngines();
            }
        }

        private void closeEngines() {
            fast.forEach(RobustnessEngine::close);
            bulk.forEach(RobustnessEngine::close);
        }

        RobustnessEngine pick(List<RobustnessEngine> lane) {
            return lane.get(Math.floorMod(next.getAndIncrement(), lane.size()));
        }
    }

    /** A pool running bulk calls on its own threads. */
    public EnginePool(LoadedModel model, EngineOptions options) {
        this(model, options, null);
    }

    /** A pool running bulk calls on {@code executor} (null: its own threads). */
    public EnginePool(LoadedModel model, EngineOptions options, Executor executor) {
        this.options = options;
        current.set(new Generation(model));
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

    /** The current generation, counted as in use: the caller must {@link Generation#release} it. */
    private Generation acquire() {
        while (true) {
            Generation g = current.get();
            if (g == null) {
                throw new IllegalStateException("the engine pool is closed");
            }
            if (g.acquire()) {
                return g;
            }
        }
    }

    @Override
    public BatchResult score(WindowBatch batch, ProfileOptions o) {
        Generation g = acquire();
        try {
            if (batch.count() > 0) {
                lastWindow.set(batch.select(0));
            }
            return new BatchResult(g.model, g.pick(g.fast).profile(batch, o).outcomes());
        } finally {
            g.release();
        }
    }

    @Override
    public CompletableFuture<BatchResult> submit(WindowBatch batch, ProfileOptions o) {
        Generation g = acquire();
        RobustnessEngine engine = g.pick(g.bulk);
        try {
            return CompletableFuture.supplyAsync(() -> new BatchResult(g.model, engine.profile(batch, o).outcomes()), executor)
                    .whenComplete((r, e) -> g.release());
        } catch (RuntimeException e) {
            g.release();
            throw e;
        }
    }

    @Override
    public LoadedModel model() {
        Generation g = current.get();
        if (g == null) {
            throw new IllegalStateException("the engine pool is closed");
        }
        return g.model;
    }

    /**
     * Serves {@code next} from now on: new calls go to its engines; calls in flight finish on the old ones,
     * which close after the last of them.
     */
    public void swap(LoadedModel next) {
        Generation fresh = new Generation(next);
        Generation old = current.getAndSet(fresh);
        if (old == null) {
            current.set(null);
            fresh.retire();
            throw new IllegalStateException("the engine pool is closed");
        }
        old.retire();
    }

    /** A copy of the first window of the last tier-0 batch scored (a batch of one), for smoke tests; empty before any. */
    public Optional<WindowBatch> lastWindow() {
        return Optional.ofNullable(lastWindow.get());
    }

    @Override
    public String describe() {
        Generation g = current.get();
        return g.fast.size() + " device(s), " + options.workers() + " tier-0 worker(s) and " + bulkWorkers()
                + " tier-1 worker(s) per device (" + WorkerPriority.BACKGROUND.describe() + "); " + g.fast.get(0).describe();
    }

    /**
     * Workers of the bulk (tier-1) lane: as many as the fast lane's where they run at background priority — the
     * scheduler then gives tier 0 the cores whenever it wants them, and tier 1 drains its queue on every core tier 0
     * leaves idle — else half the fast lane's (at least one), so that tier-1 batches leave cores to tier 0.
     */
    private int bulkWorkers() {
        return WorkerPriority.BACKGROUND.lowers() ? options.workers() : Math.max(1, options.workers() / 2);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
        Generation g = current.getAndSet(null);
        if (g != null) {
            g.retire();
        }
    }
}
