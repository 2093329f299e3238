package io.brink.model.bounds;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward pass's kernels against plain loops, on the Vector API and the scalar path, over awkward shapes. */
class RowProductsTest {

    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 1}, {6, 128, 1}, {4, 4, 8}, {7, 32, 32}, {64, 32, 32}, {9, 17, 13}, {5, 3, 40}};

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
            double[][] vector = copy(start), scalar = copy(start), dispatched = copy(start);
            RowProductsVector.accumulate(L, rows, n, w, m, cols, vector);
            RowProducts.scalar(L, rows, n, w, m, cols, scalar);
            RowProducts.accumulate(L, rows, n, w, m, cols, dispatched); // one column: dot products
            for (int r = 0; r < R; r++) {
                for (int j = 0; j < cols; j++) {
                    double tol = 1e-12 * (1 + m);
                    assertEquals(expected[r][j], vector[r][j], tol, "vector kernel, shape " + R + "×" + m + "×" + cols);
                    assertEquals(expected[r][j], scalar[r][j], tol, "scalar kernel, shape " + R + "×" + m + "×" + cols);
                    assertEquals(expected[r][j], dispatched[r][j], tol, "dispatched kernel, shape " + R + "×" + m + "×" + cols);
                }
            }
        }
    }

    @Test
    void relaxationStepsAndWeightsMatchPlainLoops() {
        Random rnd = new Random(11);
        for (int m : new int[] {1, 3, 4, 7, 32, 33}) {
            double[] v = randomRow(rnd, m);
            v[0] = 0; // a zero coefficient takes the lower line's side
            double[][] rl = randomRows(rnd, 4, m), pl = randomRows(rnd, 6, m);
            double[] t = randomRow(rnd, m), tx = randomRow(rnd, m), ty = randomRow(rnd, m);
            double[] a = randomRow(rnd, m), wd = randomRow(rnd, m);
            double[] tLines = t.clone(), txPlanes = tx.clone(), tyPlanes = ty.clone(), tSame = t.clone();
            double lineDot = 0, planeDot = 0, sameDot = 0, amp = 0, width = 0;
            for (int q = 0; q < m; q++) {
                boolean pos = v[q] >= 0;
                tLines[q] += v[q] * (pos ? rl[0][q] : rl[2][q]);
                lineDot += v[q] * (pos ? rl[1][q] : rl[3][q]);
                txPlanes[q] += v[q] * (pos ? pl[0][q] : pl[3][q]);
                tyPlanes[q] += v[q] * (pos ? pl[1][q] : pl[4][q]);
                planeDot += v[q] * (pos ? pl[2][q] : pl[5][q]);
                tSame[q] += v[q] * (pos ? pl[0][q] + pl[1][q] : pl[3][q] + pl[4][q]); // x·x: both coefficients land on x
                amp += Math.abs(v[q]) * a[q];
                width += Math.abs(v[q]) * wd[q];
            }
            for (boolean vector : new boolean[] {true, false}) {
                String path = vector ? "vector" : "scalar";
                double[] t1 = t.clone(), tx1 = tx.clone(), ty1 = ty.clone(), same = t.clone(), out = new double[2];
                double d1 = vector ? RowProductsVector.lines(v, rl[0], rl[2], rl[1], rl[3], t1, m) : RowProducts.scalarLines(v, rl, t1, m);
                double d2 = vector ? RowProductsVector.planes(v, pl, tx1, ty1, m) : RowProducts.scalarPlanes(v, pl, tx1, ty1, m);
                double d3 = vector ? RowProductsVector.planes(v, pl, same, same, m) : RowProducts.scalarPlanes(v, pl, same, same, m);
                if (vector) {
                    RowProductsVector.weigh(v, a, wd, m, out);
                } else {
                    RowProducts.scalarWeigh(v, a, wd, m, out);
                }
                for (int q = 0; q < m; q++) {
                    assertEquals(tLines[q], t1[q], 1e-12, path + " lines, m " + m);
                    assertEquals(txPlanes[q], tx1[q], 1e-12, path + " planes x, m " + m);
                    assertEquals(tyPlanes[q], ty1[q], 1e-12, path + " planes y, m " + m);
                    assertEquals(tSame[q], same[q], 1e-12, path + " planes of x·x, m " + m);
                }
                assertEquals(lineDot, d1, 1e-12 * m, path);
                assertEquals(planeDot, d2, 1e-12 * m, path);
                assertEquals(planeDot, d3, 1e-12 * m, path);
                assertEquals(amp, out[0], 1e-12 * m, path);
                assertEquals(width, out[1], 1e-12 * m, path);
                double dot = 0;
                for (int q = 0; q < m; q++) {
                    dot += v[q] * a[q];
                }
                assertEquals(dot, vector ? RowProductsVector.dot(v, a, m) : RowProducts.scalarDot(v, a, m), 1e-12 * m, path + " dot");
            }
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
