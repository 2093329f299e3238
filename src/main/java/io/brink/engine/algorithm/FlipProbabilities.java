package io.brink.engine.algorithm;

import java.util.List;

/**
 * Monte Carlo probability that x + ρv, with v uniform on the unit sphere, is classified differently from x,
 * for each radius ρ (in the model's normalized input space), and the safe radius.
 *
 * @param rates      one entry per radius, in increasing order
 * @param directions directions sampled per radius
 * @param safeRadius the largest radius whose observed flip fraction is ≤ ε
 */
public record FlipProbabilities(List<Rate> rates, int directions, SafeRadius safeRadius) {

    public FlipProbabilities {
        rates = List.copyOf(rates);
    }

    /**
     * @param radius ρ
     * @param rate   observed flip fraction at ρ
     * @param lower  95% Wilson interval, lower end
     * @param upper  95% Wilson interval, upper end
     */
    public record Rate(double radius, double rate, double lower, double upper) {
    }

    /**
     * @param epsilon the flip fraction that defines the safe radius
     * @param radius  the largest radius found by bisection whose observed flip fraction is ≤ epsilon
     * @param capped  the flip fraction stayed ≤ epsilon up to the search cap (twice the largest radius): at least this
     */
    public record SafeRadius(double epsilon, double radius, boolean capped) {
    }

    /** The 95% Wilson score interval for k successes in n trials. */
    public static double[] wilson(long k, long n) {
        double z = 1.959963984540054;
        double p = (double) k / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
