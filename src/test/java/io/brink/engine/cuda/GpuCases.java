package io.brink.engine.cuda;

import io.brink.engine.BatchProfile;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RandomModels;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowOutcome;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.LoadedModel;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The cases both backends compute, and what they compute: seeded random classifiers of every cell type, 1–3 layers,
 * linear and non-linear heads, an ensemble, and a tiny network for a dense Hessian; seeded windows and probes. The
 * float64 CPU engine's results are committed ({@code gpu-reference.json}, checked against the CPU engine by
 * {@code GpuReferenceTest}) so that a GPU machine, which has no ND4J CPU natives, compares against them.
 */
final class GpuCases {

    static final int FEATURES = 3;
    static final int CLASSES = 3;
    /** Dropout rate and layer of the MC-dropout comparison. */
    static final double DROPOUT = 0.2;

    /** One case: the network(s), window length and rows. */
    record Case(String name, CellType cell, int layers, int hidden, Activation head, int members, int steps, int rows, long seed) {

        List<SequenceClassifier> classifiers() {
            List<SequenceClassifier> out = new ArrayList<>();
            for (int m = 0; m < members; m++) {
                out.add(RandomModels.classifier(cell, layers, FEATURES, hidden, CLASSES, head, seed + 101L * m));
            }
            return out;
        }

        LoadedModel model() {
            return new LoadedModel(name, "test", classifiers(), null);
        }

        int width() {
            return steps * FEATURES;
        }

        double[] windows() {
            return RandomModels.gaussian(new Random(seed + 7), rows * width(), 1.0);
        }

        /** Probe vectors for Hessian-vector products: two per row. */
        double[] probes() {
            return RandomModels.gaussian(new Random(seed + 11), 2 * rows * width(), 1.0);
        }

        /** The forward row of each probe: 0, 0, 1, 1, … so rows repeat and every row is hit. */
        int[] probeMap() {
            int[] map = new int[2 * rows];
            for (int i = 0; i < map.length; i++) {
                map[i] = i / 2;
            }
            return map;
        }

        /** A row map for an unkept gradient: the rows in reverse, the first twice. */
        int[] gradientMap() {
            int[] map = new int[rows + 1];
            for (int i = 0; i < rows; i++) {
                map[i] = rows - 1 - i;
            }
            map[rows] = 0;
            return map;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("lstm1_linear", CellType.LSTM, 1, 16, Activation.IDENTITY, 1, 12, 6, 1),
            new Case("lstm2_tanh", CellType.LSTM, 2, 16, Activation.TANH, 1, 12, 6, 2),
            new Case("gru2_relu", CellType.GRU, 2, 16, Activation.RELU, 1, 12, 6, 3),
            new Case("gru1_tanh", CellType.GRU, 1, 8, Activation.TANH, 1, 9, 5, 4),
            new Case("elman3_linear", CellType.RNN_TANH, 3, 16, Activation.IDENTITY, 1, 12, 6, 5),
            new Case("lstm2_ensemble3", CellType.LSTM, 2, 12, Activation.IDENTITY, 3, 10, 5, 6),
            new Case("tiny_lstm_dense", CellType.LSTM, 1, 4, Activation.TANH, 1, 4, 2, 7));

    /** What a device computes for a case (row-major arrays; absent parts null). */
    record Result(double[] logits, double[] memberLogits, double[] gradient, double[] mappedGradient, double[] hvp,
                  double[] dropout, double[] eigenvalues, double[] frobenius, double[] denseHessian) {
    }

    /** The case on a device: a forward, the margin's gradients (kept and mapped), HVPs, MC dropout, dense Hessian. */
    static Result compute(Device device, Case c) {
        int n = c.rows(), W = c.width(), L = CLASSES;
        Tape tape = device.tape();
        try (Block x = device.upload(c.windows(), 0, n, W); Block grad = device.zeros(n, W)) {
            double[] logits = tape.forward(x, n);
            double[] members = tape.memberOutputs();
            Objective margin = margin(logits, n);
            int[] gmap = c.gradientMap();
            double[] mapped;
            try (Block g = device.zeros(gmap.length, W)) {
                tape.gradient(margin.select(gmap), gmap, g);
                mapped = flatten(device.downloadRows(g, gmap.length));
            }
            tape.forward(x, n);
            tape.gradientForHessian(margin, grad);
            double[] gradient = flatten(device.downloadRows(grad, n));
            int[] pmap = c.probeMap();
            double[] hvp;
            try (Block v = device.upload(c.probes(), 0, pmap.length, W); Block hv = device.zeros(pmap.length, W)) {
                tape.hessianVector(v, pmap, hv);
                hvp = flatten(device.downloadRows(hv, pmap.length));
            }
            double[] dense = null;
            if (W <= 16) {
                // Column j of row r's Hessian is H_r e_j: n·W unit probes, each mapped to its row.
                double[] unit = new double[n * W * W];
                int[] umap = new int[n * W];
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < W; j++) {
                        unit[(r * W + j) * W + j] = 1;
                        umap[r * W + j] = r;
                    }
                }
                try (Block v = device.upload(unit, 0, n * W, W); Block hv = device.zeros(n * W, W)) {
                    tape.hessianVector(v, umap, hv);
                    dense = flatten(device.downloadRows(hv, n * W));
                }
            }
            double[] dropout = null;
            if (c.members() == 1) {
                long[] seeds = new long[n];
                for (int r = 0; r < n; r++) {
                    seeds[r] = 1000 + r;
                }
                dropout = tape.dropoutOutputs(x, n, DROPOUT, new int[] {0}, seeds);
            }
            return new Result(logits, members, gradient, mapped, hvp, dropout, null, null, dense);
        }
    }

    /** The curvature profile (eigenvalue ν and Hutchinson's ‖H‖_F per window) of the engine for a case. */
    static double[][] profile(EngineOptions options, Case c) {
        try (RobustnessEngine engine = new RobustnessEngine(c.model(), options)) {
            BatchProfile p = engine.profile(new WindowBatch(c.windows(), c.rows(), c.steps(), FEATURES), profileOptions());
            double[] nu = new double[c.rows()];
            double[] fro = new double[c.rows()];
            for (int r = 0; r < c.rows(); r++) {
                WindowOutcome o = p.outcomes().get(r);
                if (!(o instanceof WindowProfile w)) {
                    throw new AssertionError(c.name() + " window " + r + " was not scored: " + o);
                }
                nu[r] = w.curvature().orElseThrow().eigenvalue();
                fro[r] = w.hessianFrobenius().orElseThrow();
            }
            return new double[][] {nu, fro};
        }
    }

    /** Lanczos to convergence (the window's dimension bounds its steps), 8 Hutchinson probes, no attack. */
    static ProfileOptions profileOptions() {
        return ProfileOptions.builder().curvature(new Lanczos.Settings(1e-8, 40, false)).hutchinson(8).noAttack().build();
    }

    /** The margin objective g = z_j − z_k̂ (runner-up minus predicted) of every row. */
    static Objective margin(double[] logits, int n) {
        int[] plus = new int[n];
        int[] minus = new int[n];
        for (int r = 0; r < n; r++) {
            Decision d = Decision.of(logits, r * CLASSES, CLASSES);
            plus[r] = d.runnerUp();
            minus[r] = d.predicted();
        }
        return new Objective.LogitDifference(plus, minus);
    }

    static double[] flatten(double[][] rows) {
        int n = 0;
        for (double[] r : rows) {
            n += r.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] r : rows) {
            System.arraycopy(r, 0, out, o, r.length);
            o += r.length;
        }
        return out;
    }

    private GpuCases() {
    }
}
