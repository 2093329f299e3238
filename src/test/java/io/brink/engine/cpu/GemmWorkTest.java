package io.brink.engine.cpu;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RandomModels;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.algorithm.WarmStart;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matrix-product work an engine reports, which {@code brink bench} divides by the SGEMM rate,
 * against a count written out from the model's shapes; and the start-vector alignment measure.
 */
class GemmWorkTest {

    @Test
    void firstOrderProfileCountsExactlyTheProductsOfAForwardAndAReversePass() {
        int T = 5, d = 3, H = 4, L = 3, windows = 7;
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 1, d, H, L, Activation.IDENTITY, 11);
        double[] x = RandomModels.gaussian(new java.util.Random(2), windows * T * d, 1.0);
        try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT32, 1, 1))) {
            GemmWork work = engine.profile(new WindowBatch(x, windows, T, d), ProfileOptions.firstOrder()).gemm();
            long W = 4L * H;
            long forward = 2L * windows * (T * d * W + (T - 1) * H * W + H * L);
            long reverse = 2L * windows * (L * H + (T - 1) * W * H + T * W * d);
            assertEquals(forward + reverse, work.flops());
            assertTrue(work.productNanos() > 0, "time inside products is counted");
            assertTrue(work.copyNanos() > 0, "time copying operands is counted");
        }
    }

    @Test
    void alignmentIsTheAbsoluteCosine() {
        assertEquals(1.0, WarmStart.alignment(new double[] {1, 2, 2}, new double[] {-2, -4, -4}), 1e-15);
        assertEquals(0.0, WarmStart.alignment(new double[] {1, 0, 0}, new double[] {0, 3, 0}), 1e-15);
        assertEquals(0.6, WarmStart.alignment(new double[] {3, 4}, new double[] {1, 0}), 1e-15);
    }

    @Test
    void stagingBuffersStayBoundedAcrossBatchSizesAndCloseReleasesEverything() {
        java.util.Random rnd = new java.util.Random(5);
        int k = 7, n = 5;
        double[] b = RandomModels.gaussian(rnd, k * n, 1.0);
        long before = Gemm.heldBytes();
        try (Gemm gemm = new Gemm(Precision.FLOAT64)) {
            Gemm.Matrix m = gemm.matrix(b, k, n, false);
            assertEquals(before + 8L * k * n, Gemm.heldBytes(), "the weight matrix is counted");
            int most = 0;
            for (int rows : new int[] {1, 2, 3, 5, 8, 13, 64, 7, 200, 1, 33, 199, 200, 150, 2}) {
                most = Math.max(most, rows);
                double[] a = RandomModels.gaussian(rnd, rows * k, 1.0);
                double[] c = new double[rows * n];
                gemm.multiply(a, 0, rows, m, c, 0, false);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = 0;
                        for (int t = 0; t < k; t++) {
                            want += a[i * k + t] * b[t * n + j];
                        }
                        assertEquals(want, c[i * n + j], 1e-12, "row " + i + " of a " + rows + "-row product");
                    }
                }
                assertEquals(3, gemm.buffers(), "one buffer per operand width and role, and the weight matrix");
                assertTrue(gemm.stagedValues() <= 1.5 * most * (k + n), "staged values " + gemm.stagedValues() + " for at most "
                        + most + " rows");
                assertEquals(before + 8L * (k * n + gemm.stagedValues()), Gemm.heldBytes(), "every buffer held is counted, once");
            }
            gemm.close();
            assertEquals(0, gemm.buffers());
            assertEquals(before, Gemm.heldBytes(), "closing releases every byte counted");
        }
    }
}
