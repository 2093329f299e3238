package io.brink.stream;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.model.SequenceClassifier;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ScoringBackend} with one {@link RobustnessEngine} per ND4J device: one on the CPU backend
 * (its workers use all cores), one per GPU on the CUDA backend. Batches go to the devices in turn;
 * each engine serializes its own calls.
 */
public final class EnginePool implements ScoringBackend {

    private final List<RobustnessEngine> engines = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final String backend;

    public EnginePool(SequenceClassifier model, EngineOptions options) {
        int devices = Math.max(1, Nd4j.getAffinityManager().getNumberOfDevices());
        backend = Nd4j.getBackend().getClass().getSimpleName();
        for (int d = 0; d < devices; d++) {
            engines.add(new RobustnessEngine(model, options));
        }
    }

    @Override
    public List<WindowProfile> score(WindowBatch batch, ProfileOptions options, double[][] warmStarts) {
        RobustnessEngine engine = engines.get(Math.floorMod(next.getAndIncrement(), engines.size()));
        return engine.profile(batch, options, warmStarts).windows();
    }

    @Override
    public String describe() {
        EngineOptions o = engines.get(0).options();
        return backend + ": " + engines.size() + " device(s), " + o.workers() + " worker(s) each, " + o.precision();
    }

    @Override
    public void close() {
        engines.forEach(RobustnessEngine::close);
    }
}
