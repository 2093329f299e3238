package io.brink.engine;

import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Precision;
import io.brink.engine.device.Tape;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device interface's derivatives against central finite differences, in float64, on random LSTM, GRU and
 * RNN classifiers of 1–3 layers: input gradients of a logit difference from {@link Tape#gradientForHessian}
 * and {@link Tape#gradient} (with a row map), and exact Hessian-vector products from {@link Tape#hessianVector}
 * against differences of gradients. A GPU device must pass the same checks.
 */
class DerivativeTest {

    static final int T = 5;
    static final int D = 3;
    static final int N = 3;
    static final int W = T * D;

    static Stream<Arguments> models() {
        List<Arguments> out = new ArrayList<>();
        long seed = 11;
        for (CellType cell : CellType.values()) {
            for (int layers = 1; layers <= 3; layers++) {
                Activation act = layers == 2 ? Activation.TANH : layers == 3 ? Activation.RELU : Activation.IDENTITY;
                out.add(Arguments.of(cell, layers, act, seed++));
            }
        }
        return out.stream();
    }

    static Device device(SequenceClassifier model) {
        return CpuBackend.devices(model, Precision.FLOAT64, 1).get(0);
    }

    /** g_n = z[plus] − z[minus] per window, with (plus, minus) = (n+1, n) mod L. */
    static Objective.LogitDifference objective(int windows, int classes) {
        int[] plus = new int[windows];
        int[] minus = new int[windows];
        for (int n = 0; n < windows; n++) {
            plus[n] = (n + 1) % classes;
            minus[n] = n % classes;
        }
        return new Objective.LogitDifference(plus, minus);
    }

    /** The objective at every window of x, from a fresh evaluation. */
    static double[] values(Device device, Tape tape, double[] x, Objective.LogitDifference f) {
        int L = device.outputs();
        double[] z = tape.outputs(device.upload(x, 0, N, W), N);
        double[] g = new double[N];
        for (int n = 0; n < N; n++) {
            g[n] = z[n * L + f.plus()[n]] - z[n * L + f.minus()[n]];
        }
        return g;
    }

    static double[] rows(Device device, Block b) {
        double[] out = new double[b.rows() * b.width()];
        for (int r = 0; r < b.rows(); r++) {
            System.arraycopy(device.download(b, r), 0, out, r * b.width(), b.width());
        }
        return out;
    }

    /**
     * {max |central difference of gradients − exact|, max |exact|} over {@code probes} probe vectors (probe-major rows of
     * {@code v}, N per probe) at the N windows {@code x}, with step 1e-5.
     */
    static double[] hessianVectorError(Device device, Tape fd, double[] x, double[] v, int probes, Objective f, double[] exact) {
        double h = 1e-5;
        double maxErr = 0;
        double maxAbs = 0;
        for (int p = 0; p < probes; p++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            for (int i = 0; i < N * W; i++) {
                plus[i] += h * v[p * N * W + i];
                minus[i] -= h * v[p * N * W + i];
            }
            Block gp = device.zeros(N, W);
            Block gm = device.zeros(N, W);
            fd.forward(device.upload(plus, 0, N, W), N);
            fd.gradient(f, Device.range(N), gp);
            fd.forward(device.upload(minus, 0, N, W), N);
            fd.gradient(f, Device.range(N), gm);
            double[] a = rows(device, gp);
            double[] b = rows(device, gm);
            for (int i = 0; i < N * W; i++) {
                double est = (a[i] - b[i]) / (2 * h);
                double e = exact[p * N * W + i];
                maxErr = Math.max(maxErr, Math.abs(est - e));
                maxAbs = Math.max(maxAbs, Math.abs(e));
            }
        }
        return new double[] {maxErr, maxAbs};
    }

    @ParameterizedTest(name = "{0} x{1} head {2}")
    @MethodSource("models")
    void gradientMatchesCentralDifferences(CellType cell, int layers, Activation act, long seed) {
        SequenceClassifier model = RandomModels.classifier(cell, layers, D, 6, 3, act, seed);
        try (Device device = device(model)) {
            Tape tape = device.tape();
            Tape fd = device.tape();
            double[] x = RandomModels.gaussian(new Random(seed), N * W, 1.0);
            Objective.LogitDifference f = objective(N, device.outputs());
            Block grad = device.zeros(N, W);
            tape.forward(device.upload(x, 0, N, W), N);
            tape.gradientForHessian(f, grad);
            double[] g = rows(device, grad);
            // the same gradients through the row-mapped path: rows in reverse order
            int[] reverse = {2, 1, 0};
            Block mapped = device.zeros(N, W);
            tape.gradient(f.select(reverse), reverse, mapped);
            double[] gm = rows(device, mapped);
            double h = 1e-6;
            double maxErr = 0;
            double maxAbs = 0;
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + h;
                double[] up = values(device, fd, x, f);
                x[i] = keep - h;
                double[] down = values(device, fd, x, f);
                x[i] = keep;
                int n = i / W;
                double est = (up[n] - down[n]) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(est - g[i]));
                maxErr = Math.max(maxErr, Math.abs(est - gm[(N - 1 - n) * W + i % W]));
                maxAbs = Math.max(maxAbs, Math.abs(g[i]));
            }
            assertTrue(maxAbs > 1e-3, "gradient should not vanish");
            assertTrue(maxErr <= 1e-7 * Math.max(1, maxAbs), "max |fd - grad| = " + maxErr + " (|grad| " + maxAbs + ")");
        }
    }

    @ParameterizedTest(name = "{0} x{1} head {2}")
    @MethodSource("models")
    void hessianVectorMatchesDifferencesOfGradients(CellType cell, int layers, Activation act, long seed) {
        SequenceClassifier model = RandomModels.classifier(cell, layers, D, 6, 3, act, seed);
        try (Device device = device(model)) {
            Tape tape = device.tape();
            Tape fd = device.tape();
            Random rnd = new Random(seed + 100);
            double[] x = RandomModels.gaussian(rnd, N * W, 1.0);
            Objective.LogitDifference f = objective(N, device.outputs());
            // Two probe vectors per window, probe-major rows mapped to the windows.
            int probes = 2;
            int rt = probes * N;
            int[] map = new int[rt];
            for (int r = 0; r < rt; r++) {
                map[r] = r % N;
            }
            double[] v = RandomModels.gaussian(rnd, rt * W, 1.0);
            tape.forward(device.upload(x, 0, N, W), N);
            tape.gradientForHessian(f, device.zeros(N, W));
            Block hv = device.zeros(rt, W);
            tape.hessianVector(device.upload(v, 0, rt, W), map, hv);
            double[] exact = rows(device, hv);

            double[] err = hessianVectorError(device, fd, x, v, probes, f, exact);
            double maxErr = err[0];
            double maxAbs = err[1];
            assertTrue(maxAbs > 1e-3, "Hessian-vector product should not vanish");
            assertTrue(maxErr <= 1e-6 * Math.max(1, maxAbs), "max |fd - Hv| = " + maxErr + " (|Hv| " + maxAbs + ")");
        }
    }
}
