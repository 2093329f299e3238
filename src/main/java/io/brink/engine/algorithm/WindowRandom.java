package io.brink.engine.algorithm;

import java.util.SplittableRandom;

/**
 * The random streams of one window: start vectors, probes and directions are drawn from a stream
 * seeded by (seed, the window's index in its batch, which use), so results do not depend on how a batch
 * is split across workers or devices.
 */
public final class WindowRandom {

    /** The Lanczos start vector of a window without a warm start. */
    static final long START_VECTOR = 1;
    /** Hutchinson's Rademacher probes. */
    static final long PROBES = 2;
    /** Random directions on the sphere. */
    static final long DIRECTIONS = 3;
    /** Test-time input noise. */
    static final long NOISE = 4;
    /** Seeds of MC-dropout masks. */
    static final long DROPOUT = 5;

    private WindowRandom() {
    }

    /** The stream of one use for window {@code windowIndex}. */
    static SplittableRandom stream(long seed, long windowIndex, long use) {
        return new SplittableRandom(seed ^ (windowIndex * 0x9E3779B97F4A7C15L) ^ (use * 0xC2B2AE3D27D4EB4FL));
    }

    /** A standard normal draw (Box–Muller, one of the pair). */
    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** √(Σ v[off+i]²) over n values, summed in index order. */
    static double norm(double[] v, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[off + i] * v[off + i];
        }
        return Math.sqrt(s);
    }
}
