package io.brink.engine.cuda;

import io.brink.engine.EngineOptions;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Device;
import io.brink.engine.device.Precision;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed reference of the GPU tests is what the float64 CPU engine computes today (so it cannot go stale), and
 * it is sound: each row's dense Hessian is symmetric and its products with the probes are the HVPs. {@link #main}
 * writes it (tools/make_gpu_reference.sh).
 */
class GpuReferenceTest {

    /** Relative agreement asked of float64 results between runs and machines (BLAS summation order may differ). */
    private static final double TOLERANCE = 1e-9;

    static Map<String, GpuCases.Result> computeOnCpu() {
        Map<String, GpuCases.Result> out = new LinkedHashMap<>();
        for (GpuCases.Case c : GpuCases.CASES) {
            GpuCases.Result r;
            try (Device d = CpuBackend.devices(c.classifiers(), Precision.FLOAT64, 1).get(0)) {
                r = GpuCases.compute(d, c);
            }
            double[][] p = GpuCases.profile(new EngineOptions(Precision.FLOAT64, 1, 1), c);
            out.put(c.name(), new GpuCases.Result(r.logits(), r.memberLogits(), r.gradient(), r.mappedGradient(), r.hvp(), r.dropout(),
                    p[0], p[1], r.denseHessian()));
        }
        return out;
    }

    @Test
    void theReferenceIsWhatTheCpuEngineComputes() {
        Map<String, GpuCases.Result> committed = GpuReference.load();
        Map<String, GpuCases.Result> now = computeOnCpu();
        assertEquals(now.keySet(), committed.keySet(), "cases");
        for (String name : now.keySet()) {
            GpuCases.Result a = now.get(name), b = committed.get(name);
            close(name + " logits", a.logits(), b.logits());
            close(name + " member logits", a.memberLogits(), b.memberLogits());
            close(name + " gradient", a.gradient(), b.gradient());
            close(name + " mapped gradient", a.mappedGradient(), b.mappedGradient());
            close(name + " hvp", a.hvp(), b.hvp());
            close(name + " dropout", a.dropout(), b.dropout());
            close(name + " eigenvalues", a.eigenvalues(), b.eigenvalues());
            close(name + " frobenius", a.frobenius(), b.frobenius());
            close(name + " dense Hessian", a.denseHessian(), b.denseHessian());
        }
    }

    @Test
    void theDenseHessiansAreSymmetricAndAgreeWithTheProducts() {
        for (GpuCases.Case c : GpuCases.CASES) {
            GpuCases.Result r = GpuReference.load().get(c.name());
            if (r.denseHessian() == null) {
                continue;
            }
            int W = c.width();
            double[] probes = c.probes();
            int[] map = c.probeMap();
            for (int row = 0; row < c.rows(); row++) {
                for (int i = 0; i < W; i++) {
                    for (int j = 0; j < W; j++) {
                        double hij = r.denseHessian()[(row * W + j) * W + i], hji = r.denseHessian()[(row * W + i) * W + j];
                        assertEquals(hij, hji, 1e-10 * (1 + Math.abs(hij)), c.name() + " H symmetric");
                    }
                }
            }
            for (int p = 0; p < map.length; p++) {
                for (int i = 0; i < W; i++) {
                    double s = 0;
                    for (int j = 0; j < W; j++) {
                        s += r.denseHessian()[(map[p] * W + j) * W + i] * probes[p * W + j];
                    }
                    assertEquals(s, r.hvp()[p * W + i], 1e-10 * (1 + Math.abs(s)), c.name() + " H v");
                }
            }
            assertTrue(r.denseHessian().length == c.rows() * W * W);
        }
    }

    static void close(String what, double[] actual, double[] expected) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertNotNull(actual, what);
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double[] e = expected.clone();
        assertArrayEquals(e, actual, TOLERANCE * Math.max(1, scale), what);
    }

    /** Writes the reference from the CPU engine. */
    public static void main(String[] args) throws Exception {
        CpuBackend.configure(1);
        GpuReference.write(computeOnCpu());
        System.out.println("wrote " + GpuReference.FILE);
    }
}
