package io.brink.engine;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.PredictiveSpread;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Precision;
import io.brink.engine.device.Tape;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.SequenceClassifier;
import io.brink.model.UncertaintySpec;
import io.brink.record.Json;
import io.brink.record.ScoreMapper;
import io.brink.record.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ensemble as one classifier with logits ℓ = log p̄: its outputs against the members' softmax computed one by
 * one, its input gradient and exact Hessian-vector products (through the members and the log-mean-exp head) against
 * central finite differences in float64, its profile's decision and attack against p̄, and its predictive spread.
 */
class EnsembleTest {

    static final int T = 5;
    static final int D = 3;
    static final int N = 3;
    static final int W = T * D;
    static final int C = 3;

    static List<SequenceClassifier> members() {
        return List.of(RandomModels.classifier(CellType.LSTM, 2, D, 6, C, Activation.IDENTITY, 31),
                RandomModels.classifier(CellType.GRU, 1, D, 5, C, Activation.TANH, 32),
                RandomModels.classifier(CellType.LSTM, 1, D, 4, C, Activation.IDENTITY, 33));
    }

    static Device device(List<SequenceClassifier> members) {
        return CpuBackend.devices(members, Precision.FLOAT64, 1).get(0);
    }

    /** log p̄ from the members evaluated one at a time (rows × C). */
    static double[] logMeanProbability(List<SequenceClassifier> members, double[] x, int rows) {
        double[] mean = new double[rows * C];
        for (SequenceClassifier m : members) {
            try (Device d = CpuBackend.devices(m, Precision.FLOAT64, 1).get(0)) {
                double[] p = PredictiveSpread.softmaxRows(d.tape().outputs(d.upload(x, 0, rows, W), rows), rows, C);
                for (int i = 0; i < p.length; i++) {
                    mean[i] += p[i] / members.size();
                }
            }
        }
        for (int i = 0; i < mean.length; i++) {
            mean[i] = Math.log(mean[i]);
        }
        return mean;
    }

    @Test
    void outputsAreTheLogOfTheMeanProbability() {
        double[] x = RandomModels.gaussian(new Random(5), N * W, 1.0);
        try (Device device = device(members())) {
            double[] ell = device.tape().forward(device.upload(x, 0, N, W), N);
            double[] expected = logMeanProbability(members(), x, N);
            for (int i = 0; i < ell.length; i++) {
                assertEquals(expected[i], ell[i], 1e-13, "ℓ[" + i + "]");
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        double[] x = RandomModels.gaussian(new Random(7), N * W, 1.0);
        try (Device device = device(members())) {
            Tape tape = device.tape();
            Objective.LogitDifference f = DerivativeTest.objective(N, C);
            Block grad = device.zeros(N, W);
            tape.forward(device.upload(x, 0, N, W), N);
            tape.gradientForHessian(f, grad);
            double[] g = DerivativeTest.rows(device, grad);
            int[] reverse = {2, 1, 0};
            Block mapped = device.zeros(N, W);
            tape.gradient(f.select(reverse), reverse, mapped);
            double[] gm = DerivativeTest.rows(device, mapped);
            double h = 1e-6, maxErr = 0, maxAbs = 0;
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                x[i] = keep + h;
                double[] up = logMeanProbability(members(), x, N);
                x[i] = keep - h;
                double[] down = logMeanProbability(members(), x, N);
                x[i] = keep;
                int n = i / W;
                double est = ((up[n * C + f.plus()[n]] - up[n * C + f.minus()[n]])
                        - (down[n * C + f.plus()[n]] - down[n * C + f.minus()[n]])) / (2 * h);
                maxErr = Math.max(maxErr, Math.abs(est - g[i]));
                maxErr = Math.max(maxErr, Math.abs(est - gm[(N - 1 - n) * W + i % W]));
                maxAbs = Math.max(maxAbs, Math.abs(g[i]));
            }
            assertTrue(maxAbs > 1e-3, "gradient should not vanish");
            assertTrue(maxErr <= 1e-7 * Math.max(1, maxAbs), "max |fd - grad| = " + maxErr + " (|grad| " + maxAbs + ")");
        }
    }

    @Test
    void hessianVectorMatchesDifferencesOfGradients() {
        Random rnd = new Random(9);
        double[] x = RandomModels.gaussian(rnd, N * W, 1.0);
        try (Device device = device(members())) {
            Tape tape = device.tape();
            Tape fd = device.tape();
            Objective.LogitDifference f = DerivativeTest.objective(N, C);
            int probes = 2, rt = probes * N;
            int[] map = new int[rt];
            for (int r = 0; r < rt; r++) {
                map[r] = r % N;
            }
            double[] v = RandomModels.gaussian(rnd, rt * W, 1.0);
            tape.forward(device.upload(x, 0, N, W), N);
            tape.gradientForHessian(f, device.zeros(N, W));
            Block hv = device.zeros(rt, W);
            tape.hessianVector(device.upload(v, 0, rt, W), map, hv);
            double[] exact = DerivativeTest.rows(device, hv);
            double[] err = DerivativeTest.hessianVectorError(device, fd, x, v, probes, f, exact);
            double maxErr = err[0];
            double maxAbs = err[1];
            assertTrue(maxAbs > 1e-3, "Hessian-vector product should not vanish");
            assertTrue(maxErr <= 1e-6 * Math.max(1, maxAbs), "max |fd - Hv| = " + maxErr + " (|Hv| " + maxAbs + ")");
        }
    }

    @Test
    void profileDecidesAndAttacksTheEnsemble() {
        double[] x = RandomModels.gaussian(new Random(13), N * W, 1.0);
        LoadedModel model = new LoadedModel("ens", "v", members(), null);
        try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            BatchProfile profile = engine.profile(new WindowBatch(x, N, T, D), ProfileOptions.full());
            double[] ell = logMeanProbability(members(), x, N);
            int flips = 0;
            for (int n = 0; n < N; n++) {
                WindowProfile p = profile.windows().get(n);
                assertEquals("ensemble", p.spread().method());
                assertEquals(3, p.spread().members());
                int best = 0;
                for (int c = 1; c < C; c++) {
                    best = ell[n * C + c] > ell[n * C + best] ? c : best;
                }
                assertEquals(best, p.predicted(), "the ensemble predicts argmax p̄");
                for (int c = 0; c < C; c++) {
                    assertEquals(Math.exp(ell[n * C + c]), p.spread().probabilities()[c], 1e-13);
                }
                assertEquals(ell[n * C + p.predicted()] - ell[n * C + p.decision().runnerUp()], p.margin(), 1e-12,
                        "margin = log p̄_k̂ − log p̄_j");
                if (p.attack() instanceof AttackOutcome.Flip flip) {
                    flips++;
                    double[] moved = new double[W];
                    for (int i = 0; i < W; i++) {
                        moved[i] = x[n * W + i] + flip.perturbation()[i];
                    }
                    double[] after = logMeanProbability(members(), moved, 1);
                    int cls = 0;
                    for (int c = 1; c < C; c++) {
                        cls = after[c] > after[cls] ? c : cls;
                    }
                    assertNotEquals(p.predicted(), cls, "the attack's δ flips the ensemble's decision");
                }
            }
            assertTrue(flips > 0, "the attack should flip some window");
        }
    }

    @Test
    void anEnsembleOfOneIsTheModel() {
        double[] x = RandomModels.gaussian(new Random(17), N * W, 1.0);
        SequenceClassifier m = members().get(0);
        try (RobustnessEngine one = new RobustnessEngine(new LoadedModel("one", "v", List.of(m), null), new EngineOptions(Precision.FLOAT64, 1, 1));
             RobustnessEngine model = new RobustnessEngine(m, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            List<WindowProfile> a = one.profile(new WindowBatch(x, N, T, D), ProfileOptions.full()).windows();
            List<WindowProfile> b = model.profile(new WindowBatch(x, N, T, D), ProfileOptions.full()).windows();
            LoadedModel named = new LoadedModel("one", "v", m, null);
            for (int n = 0; n < N; n++) {
                // every field of the score, the attack's δ included, bit for bit
                assertEquals(json(ScoreMapper.map("s", n, n, named, Tier.ONE, b.get(n), true)),
                        json(ScoreMapper.map("s", n, n, named, Tier.ONE, a.get(n), true)));
                assertEquals(1, a.get(n).spread().members());
                assertTrue(a.get(n).spread().mutualInformation().isEmpty());
            }
        }
    }

    private static String json(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stochasticPassesDoNotDependOnSlicingAndNoiseSpreads() {
        double[] x = RandomModels.gaussian(new Random(19), 12 * W, 1.0);
        SequenceClassifier m = RandomModels.classifier(CellType.LSTM, 2, D, 6, C, Activation.IDENTITY, 41);
        for (UncertaintySpec spec : List.of(
                new UncertaintySpec("input_noise", Optional.of(8), Optional.of(0.5), Optional.empty(), Optional.empty()),
                new UncertaintySpec("mc_dropout", Optional.of(8), Optional.empty(), Optional.of(0.3), Optional.of(List.of(0, 1))))) {
            LoadedModel model = new LoadedModel("m", "v", m, ModelCard.ofUncertainty(spec));
            try (RobustnessEngine one = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1));
                 RobustnessEngine three = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 3, 1))) {
                List<WindowProfile> a = one.profile(new WindowBatch(x, 12, T, D), ProfileOptions.firstOrder()).windows();
                List<WindowProfile> b = three.profile(new WindowBatch(x, 12, T, D), ProfileOptions.firstOrder()).windows();
                double mi = 0;
                for (int n = 0; n < 12; n++) {
                    assertEquals(spec.method(), a.get(n).spread().method());
                    assertEquals(8, a.get(n).spread().members());
                    assertArrayEquals(a.get(n).spread().probabilities(), b.get(n).spread().probabilities());
                    mi += a.get(n).spread().mutualInformation().getAsDouble();
                    double sum = 0;
                    for (double p : a.get(n).spread().probabilities()) {
                        sum += p;
                    }
                    assertEquals(1, sum, 1e-12);
                }
                assertTrue(mi > 0, spec.method() + " passes should disagree somewhere");
            }
        }
    }
}
