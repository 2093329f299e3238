package io.brink.model.bounds;

import java.util.SplittableRandom;

/**
 * The rate of the backward pass's Λ·W kernel ({@link RowProducts#accumulate}) on one thread, measured on random values
 * of a given shape: the ceiling that a bound pass, whose cost is mostly these products, could reach on this machine.
 * For benchmarks ({@code brink bench --certify}); not used by the bounds.
 */
public final class KernelRate {

    private KernelRate() {
    }

    /**
     * Multiply-adds per second of T += Λ·W with Λ {@code rows} × {@code m} and W {@code m} × {@code cols}: five timed
     * rounds of about {@code seconds}/5 each after one untimed round of the same length; the best round's rate.
     */
    public static double multiplyAddsPerSecond(int rows, int m, int cols, double seconds) {
        if (rows < 1 || m < 1 || cols < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("a shape of positive sizes and a positive time, got " + rows + " × " + m + " × "
                    + cols + " for " + seconds + " s");
        }
        SplittableRandom random = new SplittableRandom(1);
        double[][] lambda = new double[rows][m], target = new double[rows][cols];
        double[] w = new double[m * cols];
        for (double[] row : lambda) {
            for (int q = 0; q < m; q++) {
                row[q] = random.nextDouble(-1, 1);
            }
        }
        for (int q = 0; q < w.length; q++) {
            w[q] = random.nextDouble(-1, 1);
        }
        int[] all = new int[rows];
        for (int r = 0; r < rows; r++) {
            all[r] = r;
        }
        long perCall = (long) rows * m * cols;
        long calls = Math.max(1, (long) (seconds * 1e9 / 5 / perCall));
        run(lambda, all, w, m, cols, target, calls); // warm-up
        double best = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            run(lambda, all, w, m, cols, target, calls);
            long t1 = System.nanoTime();
            best = Math.max(best, calls * (double) perCall / ((t1 - t0) * 1e-9));
        }
        if (!Double.isFinite(target[0][0])) { // keeps the products live; never happens with these sizes
            throw new IllegalStateException("the kernel's sums overflowed");
        }
        return best;
    }

    private static void run(double[][] lambda, int[] rows, double[] w, int m, int cols, double[][] target, long calls) {
        for (long c = 0; c < calls; c++) {
            RowProducts.accumulate(lambda, rows, rows.length, w, m, cols, target);
        }
    }
}
