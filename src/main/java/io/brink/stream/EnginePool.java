package io.brink.stream;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.VectorSupport;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.model.SequenceClassifier;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ScoringBackend} with, per ND4J device (one on the CPU backend, one per GPU on the CUDA
 * backend), one engine per lane: the fast lane's calls never wait behind a bulk batch. Calls go to
 * the devices in turn; each engine serializes its own calls.
 */
public final class EnginePool implements ScoringBackend {

    private final Map<Lane, List<RobustnessEngine>> engines = new EnumMap<>(Lane.class);
    private final AtomicInteger next = new AtomicInteger();
    private final String backend;
    private final EngineOptions options;

    public EnginePool(SequenceClassifier model, EngineOptions options) {
        this.options = options;
        int devices = Math.max(1, Nd4j.getAffinityManager().getNumberOfDevices());
        backend = Nd4j.getBackend().getClass().getSimpleName();
        for (Lane lane : Lane.values()) {
            // The bulk lane gets half the workers, so tier-1 batches leave cores to the latency-critical tier 0.
            EngineOptions o = lane == Lane.BULK ? options.withWorkers(bulkWorkers()) : options;
            List<RobustnessEngine> list = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                list.add(new RobustnessEngine(model, o));
            }
            engines.put(lane, list);
        }
    }

    @Override
    public List<WindowProfile> score(Lane lane, WindowBatch batch, ProfileOptions o, double[][] warmStarts) {
        List<RobustnessEngine> list = engines.get(lane);
        RobustnessEngine engine = list.get(Math.floorMod(next.getAndIncrement(), list.size()));
        return engine.profile(batch, o, warmStarts).windows();
    }

    @Override
    public String describe() {
        return backend + ": " + engines.get(Lane.FAST).size() + " device(s), " + options.workers() + " tier-0 worker(s) and "
                + bulkWorkers() + " tier-1 worker(s) per device, " + options.precision() + ", " + VectorSupport.describe();
    }

    /** Workers of the bulk (tier-1) lane: half the fast lane's, at least one. */
    private int bulkWorkers() {
        return Math.max(1, options.workers() / 2);
    }

    @Override
    public void close() {
        engines.values().forEach(l -> l.forEach(RobustnessEngine::close));
    }
}
