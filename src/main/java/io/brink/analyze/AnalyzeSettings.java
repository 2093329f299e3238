package io.brink.analyze;

import io.brink.engine.ProfileOptions;

/**
 * Settings of one {@code brink analyze} run.
 *
 * @param steps             window length T
 * @param stride            a window every this many points
 * @param batchSize         windows profiled together
 * @param warmStart         start each window's Lanczos run from its predecessor's eigenvector
 * @param emitPerturbation  write the attack perturbation δ with each record
 * @param profile           what to compute per window
 */
public record AnalyzeSettings(int steps, int stride, int batchSize, boolean warmStart, boolean emitPerturbation,
                              ProfileOptions profile) {

    public AnalyzeSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("the window length must be at least 1");
        }
        if (stride < 1) {
            throw new IllegalArgumentException("the stride must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
    }
}
