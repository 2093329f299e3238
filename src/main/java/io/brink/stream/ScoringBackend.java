package io.brink.stream;

import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;

import java.util.List;

/**
 * Where windows are scored: a pool of engine workers, one per device, behind one interface, so that
 * running on a GPU (ND4J's CUDA backend, Maven profile {@code -Pcuda}) is a build choice, not a code change.
 */
public interface ScoringBackend extends AutoCloseable {

    /** Profiles a batch; {@code warmStarts} (nullable) are Lanczos start vectors per window. */
    List<WindowProfile> score(WindowBatch batch, ProfileOptions options, double[][] warmStarts);

    /** Describes the devices, e.g. "cpu: 1 device, 2 workers". */
    String describe();

    @Override
    void close();
}
