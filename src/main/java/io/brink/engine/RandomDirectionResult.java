package io.brink.engine;

/**
 * Monte Carlo probability that x + ρv, with v uniform on the unit sphere, is classified differently.
 *
 * @param radii           the radii ρ
 * @param probability     observed flip fraction per radius
 * @param lower           95% Wilson interval, lower end, per radius
 * @param upper           95% Wilson interval, upper end, per radius
 * @param directions      directions sampled per radius
 * @param epsilon         the flip fraction that defines the safe radius
 * @param safeRadius      largest radius found by bisection whose observed flip fraction is ≤ epsilon
 * @param safeRadiusCapped true when the flip fraction stayed ≤ epsilon up to the search cap (twice the largest radius)
 */
public record RandomDirectionResult(double[] radii, double[] probability, double[] lower, double[] upper,
                                    int directions, double epsilon, double safeRadius, boolean safeRadiusCapped) {

    /** The 95% Wilson score interval for k successes in n trials. */
    static double[] wilson(int k, int n) {
        double z = 1.959963984540054;
        double p = (double) k / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
