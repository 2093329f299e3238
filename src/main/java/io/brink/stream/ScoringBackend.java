package io.brink.stream;

import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;

import java.util.List;

/**
 * Where windows are scored: a pool of engine workers, one per device, behind one interface, so that
 * running on a GPU (ND4J's CUDA backend, Maven profile {@code -Pcuda}) is a build choice, not a code
 * change. Two lanes keep the latency-critical tier-0 work from waiting behind long tier-1 batches.
 */
public interface ScoringBackend extends AutoCloseable {

    /** Which work a call carries. */
    enum Lane {
        /** Tier 0 on every window: short calls on the latency-critical path. */
        FAST,
        /** Tier 1 on selected windows: long calls, run off the stream thread. */
        BULK
    }

    /** Profiles a batch; {@code warmStarts} (nullable) are Lanczos start vectors per window. */
    List<WindowProfile> score(Lane lane, WindowBatch batch, ProfileOptions options, double[][] warmStarts);

    /** Describes the devices, e.g. "CpuBackend: 1 device(s), 2 worker(s) each". */
    String describe();

    @Override
    void close();
}
