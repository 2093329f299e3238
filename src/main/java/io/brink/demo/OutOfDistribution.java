package io.brink.demo;

import java.util.Random;

/**
 * Daily "returns" unlike anything in EuStockMarkets, for the demo's out-of-distribution series and the uncertainty study:
 * each shape is a sequence of raw values (percent log-returns) from its own seeded stream.
 */
public enum OutOfDistribution {

    /** ±2.5% alternating day by day: a saw-tooth no market index shows. */
    ALTERNATING {
        @Override
        public double value(int k, Random rnd) {
            return k % 2 == 0 ? 2.5 : -2.5;
        }
    },
    /** A steady +1.5% a day with little noise: a trend far steeper than any in the data. */
    TREND {
        @Override
        public double value(int k, Random rnd) {
            return 1.5 + 0.05 * rnd.nextGaussian();
        }
    },
    /** Flat days with a ±8% jump every eighth day. */
    SPIKES {
        @Override
        public double value(int k, Random rnd) {
            return k % 8 == 0 ? (rnd.nextBoolean() ? 8 : -8) : 0.02 * rnd.nextGaussian();
        }
    },
    /** Gaussian days with σ = 6%: five times the data's stormiest spells. */
    EXTREME_VOLATILITY {
        @Override
        public double value(int k, Random rnd) {
            return 6 * rnd.nextGaussian();
        }
    };

    /** The shape the demo injects as its SYN-OOD series. */
    public static final OutOfDistribution DEMO = ALTERNATING;

    /** Value {@code k} of the series (percent log-return). */
    public abstract double value(int k, Random rnd);

    /** The first {@code n} values from a stream seeded {@code seed}. */
    public double[] series(int n, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = value(k, rnd);
        }
        return v;
    }
}
