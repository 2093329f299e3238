package io.brink.engine;

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
 * Input gradients and exact Hessian-vector products against central finite differences, in float64,
 * on random LSTM, GRU and RNN classifiers of 1–3 layers.
 */
class DerivativeTest {

    static final int T = 5;
    static final int D = 3;
    static final int N = 3;

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

    /** seed·logits for each window, from a fresh forward. */
    static double[] objective(BatchEvaluator ev, double[] x, double[] seeds) {
        double[] z = ev.forward(x, T, N);
        int L = ev.classes();
        double[] g = new double[N];
        for (int n = 0; n < N; n++) {
            for (int j = 0; j < L; j++) {
                g[n] += seeds[n * L + j] * z[n * L + j];
            }
        }
        return g;
    }

    static double[] seeds(int classes) {
        double[] s = new double[N * classes];
        for (int n = 0; n < N; n++) {
            s[n * classes + (n % classes)] = -1;
            s[n * classes + ((n + 1) % classes)] = 1;
        }
        return s;
    }

    @ParameterizedTest(name = "{0} x{1} head {2}")
    @MethodSource("models")
    void gradientMatchesCentralDifferences(CellType cell, int layers, Activation act, long seed) {
        SequenceClassifier model = RandomModels.classifier(cell, layers, D, 6, 3, act, seed);
        BatchEvaluator ev = new BatchEvaluator(model, Precision.FLOAT64);
        double[] x = RandomModels.gaussian(new Random(seed), T * N * D, 1.0);
        double[] s = seeds(3);
        ev.forward(x, T, N);
        double[] grad = new double[T * N * D];
        ev.gradient(s, N, null, true, grad);
        double h = 1e-6;
        double maxErr = 0;
        double maxAbs = 0;
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double[] up = objective(ev, x, s);
            x[i] = keep - h;
            double[] down = objective(ev, x, s);
            x[i] = keep;
            int n = (i / D) % N;
            double fd = (up[n] - down[n]) / (2 * h);
            maxErr = Math.max(maxErr, Math.abs(fd - grad[i]));
            maxAbs = Math.max(maxAbs, Math.abs(grad[i]));
        }
        assertTrue(maxAbs > 1e-3, "gradient should not vanish");
        assertTrue(maxErr <= 1e-7 * Math.max(1, maxAbs), "max |fd - grad| = " + maxErr + " (|grad| " + maxAbs + ")");
    }

    @ParameterizedTest(name = "{0} x{1} head {2}")
    @MethodSource("models")
    void hessianVectorMatchesDifferencesOfGradients(CellType cell, int layers, Activation act, long seed) {
        SequenceClassifier model = RandomModels.classifier(cell, layers, D, 6, 3, act, seed);
        BatchEvaluator ev = new BatchEvaluator(model, Precision.FLOAT64);
        BatchEvaluator fd = new BatchEvaluator(model, Precision.FLOAT64);
        Random rnd = new Random(seed + 100);
        double[] x = RandomModels.gaussian(rnd, T * N * D, 1.0);
        double[] s = seeds(3);
        // Two probe vectors per window, probe-major rows mapped to the primal windows.
        int probes = 2;
        int rt = probes * N;
        int[] map = new int[rt];
        for (int r = 0; r < rt; r++) {
            map[r] = r % N;
        }
        double[] v = RandomModels.gaussian(rnd, T * rt * D, 1.0);
        ev.forward(x, T, N);
        ev.gradient(s, N, null, true, new double[T * N * D]);
        double[] hv = new double[T * rt * D];
        ev.hessianVector(v, rt, map, hv);

        double h = 1e-5;
        double maxErr = 0;
        double maxAbs = 0;
        for (int p = 0; p < probes; p++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            for (int t = 0; t < T; t++) {
                for (int n = 0; n < N; n++) {
                    for (int k = 0; k < D; k++) {
                        double vk = v[(t * rt + p * N + n) * D + k];
                        plus[(t * N + n) * D + k] += h * vk;
                        minus[(t * N + n) * D + k] -= h * vk;
                    }
                }
            }
            double[] gp = new double[T * N * D];
            double[] gm = new double[T * N * D];
            fd.forward(plus, T, N);
            fd.gradient(s, N, null, false, gp);
            fd.forward(minus, T, N);
            fd.gradient(s, N, null, false, gm);
            for (int t = 0; t < T; t++) {
                for (int n = 0; n < N; n++) {
                    for (int k = 0; k < D; k++) {
                        int i = (t * N + n) * D + k;
                        double est = (gp[i] - gm[i]) / (2 * h);
                        double exact = hv[(t * rt + p * N + n) * D + k];
                        maxErr = Math.max(maxErr, Math.abs(est - exact));
                        maxAbs = Math.max(maxAbs, Math.abs(exact));
                    }
                }
            }
        }
        assertTrue(maxAbs > 1e-3, "Hessian-vector product should not vanish");
        assertTrue(maxErr <= 1e-6 * Math.max(1, maxAbs), "max |fd - Hv| = " + maxErr + " (|Hv| " + maxAbs + ")");
    }
}
