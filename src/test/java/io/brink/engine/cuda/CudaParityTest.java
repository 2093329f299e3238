package io.brink.engine.cuda;

import io.brink.engine.BatchProfile;
import io.brink.engine.device.DeviceChoice;
import io.brink.engine.EngineOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowOutcome;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Precision;
import io.brink.engine.device.Tape;
import io.brink.engine.ProfileOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA backend against the float64 CPU engine (its committed results, {@link GpuReference}) on the same windows:
 * logits within 1e-5, gradients 1e-4, Hessian-vector products, ν and ‖H‖_F 1e-3 (relative) in float32, and 1e-9 in
 * float64; the dense Hessian of a tiny network; u·Hv = v·Hu; every attack perturbation re-verified by a float64
 * forward; the vector algebra against plain Java. Needs a GPU (skipped, saying why, elsewhere); runs in its own JVM
 * (surefire's {@code gpu} execution), as a CUDA fault poisons the process's context.
 */
@Tag("gpu")
class CudaParityTest {

    private static Map<String, GpuCases.Result> reference;

    @BeforeEach
    void gpu() {
        Assumptions.assumeTrue(CudaRuntime.problem().isEmpty(), () -> "no usable GPU here: " + CudaRuntime.problem().orElse(""));
        if (reference == null) {
            reference = GpuReference.load();
        }
    }

    private static Device device(GpuCases.Case c, Precision p) {
        return CudaBackend.devices(c.classifiers(), p, List.of(0)).get(0);
    }

    @Test
    void float64AgreesWithTheCpuEngine() {
        for (GpuCases.Case c : GpuCases.CASES) {
            GpuCases.Result r;
            try (Device d = device(c, Precision.FLOAT64)) {
                r = GpuCases.compute(d, c);
            }
            GpuCases.Result e = reference.get(c.name());
            relative(c.name() + " logits", r.logits(), e.logits(), 1e-9, 1);
            relative(c.name() + " member logits", r.memberLogits(), e.memberLogits(), 1e-9, 1);
            relative(c.name() + " gradient", r.gradient(), e.gradient(), 1e-9, c.width());
            relative(c.name() + " mapped gradient", r.mappedGradient(), e.mappedGradient(), 1e-9, c.width());
            relative(c.name() + " hvp", r.hvp(), e.hvp(), 1e-9, c.width());
            relative(c.name() + " dropout", r.dropout(), e.dropout(), 1e-9, 1);
            relative(c.name() + " dense Hessian", r.denseHessian(), e.denseHessian(), 1e-9, c.width());
        }
    }

    @Test
    void float32IsWithinTheEnginesTolerances() {
        for (GpuCases.Case c : GpuCases.CASES) {
            GpuCases.Result r;
            try (Device d = device(c, Precision.FLOAT32)) {
                r = GpuCases.compute(d, c);
            }
            GpuCases.Result e = reference.get(c.name());
            absolute(c.name() + " logits", r.logits(), e.logits(), 1e-5);
            absolute(c.name() + " member logits", r.memberLogits(), e.memberLogits(), 1e-5);
            relative(c.name() + " gradient", r.gradient(), e.gradient(), 1e-4, c.width());
            relative(c.name() + " mapped gradient", r.mappedGradient(), e.mappedGradient(), 1e-4, c.width());
            relative(c.name() + " hvp", r.hvp(), e.hvp(), 1e-3, c.width());
            absolute(c.name() + " dropout", r.dropout(), e.dropout(), 1e-5);
        }
    }

    @Test
    void eigenvaluesAndFrobeniusNormsAgree() {
        for (Precision p : Precision.values()) {
            double tol = p == Precision.FLOAT32 ? 1e-3 : 1e-8;
            for (GpuCases.Case c : GpuCases.CASES) {
                double[][] got = GpuCases.profile(new EngineOptions(p, 1, 1, new DeviceChoice.Gpu(0)), c);
                GpuCases.Result e = reference.get(c.name());
                relative(c.name() + " ν " + p, got[0], e.eigenvalues(), tol, c.rows());
                relative(c.name() + " ‖H‖_F " + p, got[1], e.frobenius(), tol, c.rows());
            }
        }
    }

    @Test
    void theHessianIsSymmetric() {
        for (Precision p : Precision.values()) {
            double tol = p == Precision.FLOAT32 ? 1e-3 : 1e-10;
            for (GpuCases.Case c : GpuCases.CASES) {
                int n = c.rows(), W = c.width();
                Random rnd = new Random(c.seed() + 99);
                double[] u = io.brink.engine.RandomModels.gaussian(rnd, n * W, 1);
                double[] v = io.brink.engine.RandomModels.gaussian(rnd, n * W, 1);
                try (Device d = device(c, p); Block x = d.upload(c.windows(), 0, n, W); Block g = d.zeros(n, W);
                     Block ub = d.upload(u, 0, n, W); Block vb = d.upload(v, 0, n, W); Block hu = d.zeros(n, W);
                     Block hv = d.zeros(n, W)) {
                    Tape tape = d.tape();
                    double[] logits = tape.forward(x, n);
                    tape.gradientForHessian(GpuCases.margin(logits, n), g);
                    int[] rows = Device.range(n);
                    tape.hessianVector(ub, rows, hu);
                    tape.hessianVector(vb, rows, hv);
                    double[] uHv = d.dot(ub, rows, hv, rows);
                    double[] vHu = d.dot(vb, rows, hu, rows);
                    double[] huNorm = d.norm(hu, rows);
                    double[] uNorm = d.norm(ub, rows);
                    for (int r = 0; r < n; r++) {
                        double scale = Math.max(1e-12, huNorm[r] * uNorm[r]);
                        assertTrue(Math.abs(uHv[r] - vHu[r]) <= tol * scale, c.name() + " " + p + " row " + r + ": u·Hv " + uHv[r]
                                + " v·Hu " + vHu[r]);
                    }
                }
            }
        }
    }

    @Test
    void everyAttackPerturbationFlipsAFloat64Forward() {
        GpuCases.Case c = GpuCases.CASES.get(1);
        int n = c.rows(), W = c.width();
        int flips = 0;
        try (RobustnessEngine engine = new RobustnessEngine(c.model(), new EngineOptions(Precision.FLOAT32, 1, 1, new DeviceChoice.Gpu(0)));
             Device check = device(c, Precision.FLOAT64)) {
            BatchProfile p = engine.profile(new WindowBatch(c.windows(), n, c.steps(), GpuCases.FEATURES),
                    ProfileOptions.builder().noCurvature().attack(200).build());
            Tape tape = check.tape();
            double[] x = c.windows();
            for (int r = 0; r < n; r++) {
                WindowOutcome o = p.outcomes().get(r);
                if (o instanceof WindowProfile w && w.attack() instanceof AttackOutcome.Flip f) {
                    double[] moved = new double[W];
                    for (int i = 0; i < W; i++) {
                        moved[i] = x[r * W + i] + f.perturbation()[i];
                    }
                    try (Block b = check.upload(moved, 0, 1, W)) {
                        double[] z = tape.forward(b, 1);
                        assertNotEquals(w.decision().predicted(), Decision.of(z, 0, GpuCases.CLASSES).predicted(),
                                "window " + r + ": the attack's perturbation does not flip a float64 forward");
                    }
                    flips++;
                }
            }
        }
        assertTrue(flips > 0, "the attack flipped no window");
    }

    @Test
    void theVectorAlgebraMatchesJava() {
        GpuCases.Case c = GpuCases.CASES.get(0);
        int n = 7, W = 37;
        Random rnd = new Random(5);
        double[] a = io.brink.engine.RandomModels.gaussian(rnd, n * W, 1);
        double[] b = io.brink.engine.RandomModels.gaussian(rnd, n * W, 1);
        int[] ra = {6, 0, 3, 3};
        int[] rb = {1, 2, 5, 0};
        double[] alpha = {0.5, -2, 3, 0.25};
        try (Device d = device(c, Precision.FLOAT64); Block ab = d.upload(a, 0, n, W); Block bb = d.upload(b, 0, n, W)) {
            double[] dot = d.dot(ab, ra, bb, rb);
            double[] norm = d.norm(ab, ra);
            for (int i = 0; i < ra.length; i++) {
                double s = 0, q = 0;
                for (int k = 0; k < W; k++) {
                    s += a[ra[i] * W + k] * b[rb[i] * W + k];
                    q += a[ra[i] * W + k] * a[ra[i] * W + k];
                }
                assertEquals(s, dot[i], 1e-12, "dot");
                assertEquals(Math.sqrt(q), norm[i], 1e-12, "norm");
            }
            int[] distinct = {1, 2, 5, 0};
            d.axpy(alpha, ab, ra, bb, distinct);
            double[] expect = b.clone();
            for (int i = 0; i < ra.length; i++) {
                for (int k = 0; k < W; k++) {
                    expect[distinct[i] * W + k] += alpha[i] * a[ra[i] * W + k];
                }
            }
            d.scale(bb, new int[] {3}, new double[] {-1.5});
            d.divide(bb, new int[] {4}, new double[] {3});
            for (int k = 0; k < W; k++) {
                expect[3 * W + k] *= -1.5;
                expect[4 * W + k] /= 3;
            }
            assertArrayClose(expect, GpuCases.flatten(d.downloadRows(bb, n)));
            try (Block s = d.shifted(ab, new int[] {2, 2}, bb, new int[] {0, 6}, new double[] {1, -0.5}); Block z = d.zeros(3, W)) {
                d.copy(s, new int[] {1, 0}, z, new int[] {0, 2});
                for (int k = 0; k < W; k++) {
                    assertEquals(a[2 * W + k] - 0.5 * expect[6 * W + k], d.download(z, 0)[k], 1e-12, "shifted/copy");
                    assertEquals(a[2 * W + k] + expect[k], d.download(z, 2)[k], 1e-12, "shifted/copy");
                    assertEquals(0.0, d.download(z, 1)[k], "zeros");
                }
            }
        }
    }

    @Test
    void productsBeyondOneChunkAreTheSameAsWithin() {
        GpuCases.Case c = GpuCases.CASES.get(0);
        int n = c.rows(), W = c.width();
        int probes = CudaTape.CHUNK + 37;
        int[] map = new int[probes];
        double[] v = new double[probes * W];
        double[] base = c.probes();
        for (int i = 0; i < probes; i++) {
            map[i] = i % n;
            System.arraycopy(base, (i % (2 * n)) * W, v, i * W, W);
        }
        try (Device d = device(c, Precision.FLOAT64); Block x = d.upload(c.windows(), 0, n, W); Block g = d.zeros(n, W);
             Block vb = d.upload(v, 0, probes, W); Block out = d.zeros(probes, W)) {
            Tape tape = d.tape();
            tape.gradientForHessian(GpuCases.margin(tape.forward(x, n), n), g);
            tape.hessianVector(vb, map, out);
            double[][] rows = d.downloadRows(out, probes);
            for (int i = 2 * n; i < probes; i += 997) {
                int same = i % (2 * n);
                if (map[same] == map[i]) {
                    assertArrayClose(rows[same], rows[i]);
                }
            }
            assertArrayClose(rows[0], rows[probes - 1 - ((probes - 1) % (2 * n))]);
        }
    }

    private static void assertArrayClose(double[] e, double[] a) {
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-12 * (1 + Math.abs(e[i])), "value " + i);
        }
    }

    /** |a − e| ≤ tol·max(1, |e|) value by value. */
    private static void absolute(String what, double[] actual, double[] expected, double tol) {
        if (expected == null) {
            return;
        }
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(actual[i] - expected[i]) <= tol * Math.max(1, Math.abs(expected[i])),
                    what + " value " + i + ": " + actual[i] + " vs " + expected[i]);
        }
    }

    /** Per row of {@code width} values: ‖a − e‖ ≤ tol·‖e‖ (and ≤ tol when ‖e‖ is below 1e-12). */
    private static void relative(String what, double[] actual, double[] expected, double tol, int width) {
        if (expected == null) {
            return;
        }
        assertEquals(expected.length, actual.length, what);
        for (int r = 0; r < expected.length / width; r++) {
            double diff = 0, norm = 0;
            for (int k = 0; k < width; k++) {
                double e = expected[r * width + k];
                diff += (actual[r * width + k] - e) * (actual[r * width + k] - e);
                norm += e * e;
            }
            assertTrue(Math.sqrt(diff) <= tol * Math.max(Math.sqrt(norm), 1e-12), what + " row " + r + ": relative error "
                    + Math.sqrt(diff / Math.max(norm, 1e-300)));
        }
    }
}
