package io.brink.model.bounds;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass's kernels against plain loops, on the Vector API and the scalar path, over awkward shapes. */
class RowProductsTest {

    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 1}, {4, 4, 8}, {7, 32, 32}, {64, 32, 32}, {9, 17, 13}, {5, 3, 40}};

    @Test
    void accumulateMatchesThePlainProductOnTheChosenRows() {
        Random rnd = new Random(7);
        assertTrue(RowProducts.VECTOR, "the tests run with jdk.incubator.vector: both kernels are checked");
        for (int[] shape : SHAPES) {
            int R = shape[0], m = shape[1], cols = shape[2];
            double[][] L = randomRows(rnd, R, m);
            double[] w = randomRow(rnd, m * cols);
            int[] rows = new int[R];
            int n = 0;
            for (int r = 0; r < R; r++) {
                if (rnd.nextInt(5) != 0) {
                    rows[n++] = r;
                }
            }
            double[][] start = randomRows(rnd, R, cols);
            double[][] expected = copy(start);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < cols; j++) {
                    for (int q = 0; q < m; q++) {
                        expected[rows[i]][j] += L[rows[i]][q] * w[q * cols + j];
                    }
                }
            }
            double[][] vector = copy(start), scalar = copy(start);
            RowProductsVector.accumulate(L, rows, n, w, m, cols, vector);
            RowProducts.scalar(L, rows, n, w, m, cols, scalar);
            for (int r = 0; r < R; r++) {
                for (int j = 0; j < cols; j++) {
                    double tol = 1e-12 * (1 + m);
                    assertEquals(expected[r][j], vector[r][j], tol, "vector kernel, shape " + R + "×" + m + "×" + cols);
                    assertEquals(expected[r][j], scalar[r][j], tol, "scalar kernel, shape " + R + "×" + m + "×" + cols);
                }
            }
        }
    }

    @Test
    void selectionsAndWeightsMatchPlainLoops() {
        Random rnd = new Random(11);
        for (int m : new int[] {1, 3, 4, 7, 32, 33}) {
            double[] v = randomRow(rnd, m), pos = randomRow(rnd, m), neg = randomRow(rnd, m), t = randomRow(rnd, m);
            v[0] = 0; // a zero coefficient takes the "≥ 0" side
            double[] expected = t.clone();
            double dot = 0, amp = 0, width = 0;
            double[] a = randomRow(rnd, m), wd = randomRow(rnd, m);
            for (int q = 0; q < m; q++) {
                double s = v[q] >= 0 ? pos[q] : neg[q];
                expected[q] += v[q] * s;
                dot += v[q] * s;
                amp += Math.abs(v[q]) * a[q];
                width += Math.abs(v[q]) * wd[q];
            }
            double[] vector = t.clone();
            RowProductsVector.select(v, pos, neg, vector, m);
            double[] scalar = t.clone();
            double[] out = new double[2], outScalar = new double[2];
            RowProductsVector.weigh(v, a, wd, m, out);
            RowProducts.scalarWeigh(v, a, wd, m, outScalar);
            for (int q = 0; q < m; q++) {
                assertEquals(expected[q], vector[q], 1e-12);
            }
            assertEquals(dot, RowProductsVector.selectDot(v, pos, neg, m), 1e-12 * m);
            assertEquals(amp, out[0], 1e-12 * m);
            assertEquals(width, out[1], 1e-12 * m);
            assertEquals(amp, outScalar[0], 1e-12 * m);
            assertEquals(width, outScalar[1], 1e-12 * m);
            RowProducts.scalarSelect(v, pos, neg, scalar, m);
            for (int q = 0; q < m; q++) {
                assertEquals(expected[q], scalar[q], 1e-12);
            }
            assertEquals(dot, RowProducts.scalarSelectDot(v, pos, neg, m), 1e-12 * m);
        }
    }

    private static double[][] randomRows(Random rnd, int rows, int cols) {
        double[][] a = new double[rows][];
        for (int r = 0; r < rows; r++) {
            a[r] = randomRow(rnd, cols);
        }
        return a;
    }

    private static double[] randomRow(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
