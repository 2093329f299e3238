package io.brink.engine.algorithm;

import io.brink.engine.SymmetricEigen;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tridiagonal top eigenpair against the dense Jacobi decomposition, on random and awkward matrices. */
class TridiagonalEigenTest {

    @Test
    void matchesTheDenseDecompositionOnRandomMatrices() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + rnd.nextInt(30);
            double[] a = new double[n];
            double[] b = new double[Math.max(1, n - 1)];
            double shift = rnd.nextInt(3) == 0 ? -5 : 0;   // a third with the negative end dominant
            for (int j = 0; j < n; j++) {
                a[j] = rnd.nextGaussian() + shift;
                if (j < n - 1) {
                    b[j] = Math.abs(rnd.nextGaussian()) * Math.pow(10, -rnd.nextInt(4));
                }
            }
            check(a, b, n);
        }
    }

    @Test
    void handlesClustersZeroCouplingAndScale() {
        check(new double[] {2, 2, 2, 1}, new double[] {1e-9, 1e-9, 0.5}, 4);          // near-degenerate top
        check(new double[] {1, 3, -4}, new double[] {0, 0}, 3);                        // decoupled blocks
        check(new double[] {1e-8, 3e-8, 2e-8}, new double[] {1e-8, 2e-8}, 3);          // tiny scale
        check(new double[] {1e6, -2e6, 5e5, 3}, new double[] {3e5, 1e5, 1}, 4);        // large scale
    }

    private static void check(double[] a, double[] b, int n) {
        double[][] dense = new double[n][n];
        for (int j = 0; j < n; j++) {
            dense[j][j] = a[j];
            if (j < n - 1) {
                dense[j][j + 1] = dense[j + 1][j] = b[j];
            }
        }
        SymmetricEigen ref = SymmetricEigen.of(dense);
        TridiagonalEigen.Top top = TridiagonalEigen.top(a, b, n);
        double scale = ref.spectralRadius();
        assertEquals(ref.value(ref.top()), top.value(), 1e-12 * scale + 1e-300, "top eigenvalue");
        assertEquals(scale, top.spectralRadius(), 1e-12 * scale + 1e-300, "spectral radius");
        double norm = 0;
        double residual = 0;
        for (int i = 0; i < n; i++) {
            norm += top.vector()[i] * top.vector()[i];
            double r = -top.value() * top.vector()[i];
            for (int j = 0; j < n; j++) {
                r += dense[i][j] * top.vector()[j];
            }
            residual += r * r;
        }
        assertEquals(1, norm, 1e-12, "unit vector");
        assertTrue(Math.sqrt(residual) <= 1e-10 * scale + 1e-300, "eigenvector residual " + Math.sqrt(residual) + " at scale " + scale);
    }
}
