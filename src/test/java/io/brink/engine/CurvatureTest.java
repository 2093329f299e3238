package io.brink.engine;

import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.HessianOperator;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.WarmStart;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Precision;
import io.brink.engine.device.Tape;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lanczos eigenpairs and Hutchinson norms against the dense input Hessian assembled column by
 * column from exact Hessian-vector products, on tiny models.
 */
class CurvatureTest {

    static final int T = 4;
    static final int D = 2;

    /**
     * The dense input Hessian of g = z_j − z_k̂ (runner-up minus predicted) at window {@code window} of
     * {@code x}, column by column from Hessian-vector products of the basis vectors through the device
     * interface, exact or by finite differences of gradients.
     */
    static double[][] denseHessian(SequenceClassifier model, double[] x, int window, HvpMode mode) {
        int dim = T * D;
        try (Device device = CpuBackend.devices(model, Precision.FLOAT64, 1).get(0)) {
            Tape primal = device.tape();
            Block xb = device.upload(x, window, 1, dim);
            double[] z = primal.forward(xb, 1);
            Decision dec = Decision.of(z, 0, device.outputs());
            Objective margin = new Objective.LogitDifference(new int[] {dec.runnerUp()}, new int[] {dec.predicted()});
            primal.gradientForHessian(margin, device.zeros(1, dim));
            double[] basis = new double[dim * dim];
            for (int i = 0; i < dim; i++) {
                basis[i * dim + i] = 1;
            }
            Block cols = device.zeros(dim, dim);
            HessianOperator.of(mode, device, primal, device.tape(), xb, margin)
                    .apply(device.upload(basis, 0, dim, dim), new int[dim], cols);
            double[][] h = new double[dim][dim];
            for (int i = 0; i < dim; i++) {
                double[] col = device.download(cols, i);
                for (int j = 0; j < dim; j++) {
                    h[j][i] = col[j];
                }
            }
            return h;
        }
    }

    static RobustnessEngine engine(SequenceClassifier model) {
        return new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void lanczosFindsTheAlgebraicallyLargestEigenpair(CellType cell) {
        SequenceClassifier model = RandomModels.classifier(cell, 2, D, 5, 3, Activation.TANH, 7);
        int windows = 6;
        double[] x = RandomModels.gaussian(new java.util.Random(3), windows * T * D, 1.5);
        ProfileOptions o = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-10, 50, false)).build();
        try (RobustnessEngine engine = engine(model)) {
            List<WindowProfile> prof = engine.profile(new WindowBatch(x, windows, T, D), o).windows();
            for (int w = 0; w < windows; w++) {
                double[][] h = denseHessian(model, x, w, HvpMode.EXACT);
                for (int i = 0; i < h.length; i++) {
                    for (int j = 0; j < h.length; j++) {
                        assertEquals(h[i][j], h[j][i], 1e-10, "Hessian must be symmetric");
                    }
                }
                SymmetricEigen eig = SymmetricEigen.of(h);
                int top = eig.top();
                Curvature c = prof.get(w).curvature().orElseThrow();
                assertEquals(eig.value(top), c.eigenvalue(), 1e-8 * Math.max(1, eig.spectralRadius()));
                double cos = 0;
                for (int k = 0; k < h.length; k++) {
                    cos += eig.vector(top, k) * c.eigenvector()[k];
                }
                assertEquals(1.0, Math.abs(cos), 1e-5, "eigenvector direction");
                assertTrue(c.converged());
                assertTrue(c.gradientAlongEigenvector() >= 0);
            }
        }
    }

    @Test
    void topEigenvalueIsAlgebraicNotLargestMagnitude() {
        // Search windows until one has a negative end larger in magnitude than the positive end.
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 1, D, 5, 3, Activation.IDENTITY, 21);
        int windows = 24;
        double[] x = RandomModels.gaussian(new java.util.Random(5), windows * T * D, 2.0);
        ProfileOptions o = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-10, 50, false)).build();
        int negativeDominant = 0;
        try (RobustnessEngine engine = engine(model)) {
            List<WindowProfile> prof = engine.profile(new WindowBatch(x, windows, T, D), o).windows();
            for (int w = 0; w < windows; w++) {
                SymmetricEigen eig = SymmetricEigen.of(denseHessian(model, x, w, HvpMode.EXACT));
                double min = Double.POSITIVE_INFINITY;
                for (int i = 0; i < eig.size(); i++) {
                    min = Math.min(min, eig.value(i));
                }
                if (-min > eig.value(eig.top())) {
                    negativeDominant++;
                }
                assertEquals(eig.value(eig.top()), prof.get(w).curvature().orElseThrow().eigenvalue(),
                        1e-8 * Math.max(1, eig.spectralRadius()));
            }
        }
        assertTrue(negativeDominant > 0, "the test needs a window whose most negative eigenvalue dominates");
    }

    @Test
    void finiteDifferenceProductsAgreeWithExactOnes() {
        SequenceClassifier model = RandomModels.classifier(CellType.GRU, 2, D, 5, 3, Activation.TANH, 9);
        double[] x = RandomModels.gaussian(new java.util.Random(8), 2 * T * D, 1.0);
        {
            double[][] exact = denseHessian(model, x, 1, HvpMode.EXACT);
            double[][] fd = denseHessian(model, x, 1, HvpMode.FINITE_DIFFERENCE);
            double scale = SymmetricEigen.of(exact).spectralRadius();
            for (int i = 0; i < exact.length; i++) {
                for (int j = 0; j < exact.length; j++) {
                    // float64: step ε^{1/3} ≈ 6e-6 gives errors of order ε^{2/3} ≈ 4e-11 relative to the scale.
                    assertEquals(exact[i][j], fd[i][j], 1e-8 * Math.max(1, scale));
                }
            }
        }
    }

    @Test
    void hutchinsonEstimatesTheFrobeniusNorm() {
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 2, D, 5, 3, Activation.TANH, 13);
        double[] x = RandomModels.gaussian(new java.util.Random(4), T * D, 1.0);
        ProfileOptions o = ProfileOptions.builder().hutchinson(2000).build();
        try (RobustnessEngine engine = engine(model)) {
            double est = engine.profile(new WindowBatch(x, 1, T, D), o).windows().get(0).hessianFrobenius().orElseThrow();
            double[][] h = denseHessian(model, x, 0, HvpMode.EXACT);
            double fro = 0;
            for (double[] row : h) {
                for (double v : row) {
                    fro += v * v;
                }
            }
            fro = Math.sqrt(fro);
            // Relative standard error of the squared estimate is at most sqrt(2/M) ≈ 3%; allow 4 sigma on the root.
            assertEquals(fro, est, 0.07 * fro);
        }
    }

    @Test
    void warmStartFromThePreviousEigenvectorNeedsFewerProducts() {
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 2, 3, 16, 3, Activation.IDENTITY, 17);
        int steps = 24;
        int d = 3;
        int windows = 12;
        double[] series = RandomModels.gaussian(new java.util.Random(6), (steps + windows) * d, 1.0);
        double[] x = new double[windows * steps * d];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(series, w * d, x, w * steps * d, steps * d);
        }
        ProfileOptions o = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-3, 60, false)).build();
        try (RobustnessEngine engine = engine(model)) {
            List<WindowProfile> cold = engine.profile(new WindowBatch(x, windows, steps, d), o).windows();
            int coldProducts = 0;
            int warmProducts = 0;
            Optional<double[]> previous = Optional.empty();
            for (int w = 0; w < windows; w++) {
                WindowProfile p = engine.profile(new WindowBatch(java.util.Arrays.copyOfRange(x, w * steps * d, (w + 1) * steps * d),
                        1, steps, d, List.of(WarmStart.fromPrevious(previous))), o).windows().get(0);
                Curvature c = cold.get(w).curvature().orElseThrow();
                assertEquals(c.eigenvalue(), p.curvature().orElseThrow().eigenvalue(), 1e-2 * Math.abs(c.eigenvalue()) + 1e-9);
                if (w > 0) {
                    coldProducts += c.hessianVectorProducts();
                    warmProducts += p.curvature().orElseThrow().hessianVectorProducts();
                }
                previous = Optional.of(p.curvature().orElseThrow().eigenvector());
            }
            assertTrue(warmProducts < coldProducts, "warm " + warmProducts + " vs cold " + coldProducts);
        }
    }

    @Test
    void resultsDoNotDependOnTheNumberOfWorkers() {
        SequenceClassifier model = RandomModels.classifier(CellType.GRU, 1, D, 5, 3, Activation.RELU, 19);
        int windows = 40;
        double[] x = RandomModels.gaussian(new java.util.Random(9), windows * T * D, 1.0);
        ProfileOptions o = ProfileOptions.full().toBuilder().hutchinson(4).build();
        try (RobustnessEngine one = engine(model);
             RobustnessEngine two = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 3, 1))) {
            List<WindowProfile> a = one.profile(new WindowBatch(x, windows, T, D), o).windows();
            List<WindowProfile> b = two.profile(new WindowBatch(x, windows, T, D), o).windows();
            for (int w = 0; w < windows; w++) {
                assertEquals(a.get(w).curvature().orElseThrow().eigenvalue(), b.get(w).curvature().orElseThrow().eigenvalue(), 1e-12);
                assertEquals(a.get(w).hessianFrobenius().orElseThrow(), b.get(w).hessianFrobenius().orElseThrow(), 1e-12);
                assertEquals(a.get(w).randomDirections().orElseThrow().safeRadius().radius(),
                        b.get(w).randomDirections().orElseThrow().safeRadius().radius(), 1e-12);
            }
        }
    }
}
