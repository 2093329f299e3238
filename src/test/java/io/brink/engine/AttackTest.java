package io.brink.engine;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Device;
import io.brink.engine.device.Precision;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every perturbation the attack reports changes the class, checked by an independent forward pass on a
 * separate device; and an attack that does not run says so.
 */
class AttackTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void reportedPerturbationsFlipTheClass(Precision precision) {
        int T = 8;
        int d = 3;
        int windows = 30;
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 2, d, 8, 4, Activation.TANH, 31);
        double[] x = RandomModels.gaussian(new java.util.Random(2), windows * T * d, 1.0);
        ProfileOptions o = ProfileOptions.builder().attack(50).curvature(new Lanczos.Settings(1e-3, 30, false)).build();
        try (RobustnessEngine engine = new RobustnessEngine(model, EngineOptions.defaults().withPrecision(precision));
             Device check = CpuBackend.devices(model, precision, 1).get(0)) {
            List<WindowProfile> prof = engine.profile(new WindowBatch(x, windows, T, d), o).windows();
            int found = 0;
            for (int w = 0; w < windows; w++) {
                WindowProfile p = prof.get(w);
                assertTrue(p.attack() instanceof AttackOutcome.Flip || p.attack() instanceof AttackOutcome.NoFlip);
                if (!(p.attack() instanceof AttackOutcome.Flip a)) {
                    continue;
                }
                found++;
                double[] moved = new double[T * d];
                double norm = 0;
                for (int i = 0; i < moved.length; i++) {
                    moved[i] = x[w * T * d + i] + a.perturbation()[i];
                    norm += a.perturbation()[i] * a.perturbation()[i];
                }
                assertEquals(Math.sqrt(norm), a.distance(), 1e-9 * Math.max(1, a.distance()));
                double[] z = check.tape().forward(check.upload(moved, 0, 1, T * d), 1);
                int cls = Decision.argmax(z, 0, z.length, -1);
                assertNotEquals(p.predicted(), cls, "window " + w + ": the perturbation must change the class");
                assertEquals(a.predictedAfter(), cls);
                // The linear estimate is a first-order guess; the attack should land in its neighbourhood.
                assertTrue(a.distance() < 20 * p.distances().linear(), "attack " + a.distance() + " vs linear " + p.distances().linear());
            }
            assertTrue(found >= windows * 9 / 10, "the attack should find flips for most windows, found " + found);
            for (WindowProfile p : engine.profile(new WindowBatch(x, windows, T, d), ProfileOptions.firstOrder()).windows()) {
                assertEquals(AttackOutcome.NOT_RUN, p.attack());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void boundaryStepsOnlyShortenTheFlipsAndStillVerifyThem() {
        int T = 8, d = 3, n = 40, D = T * d;
        SequenceClassifier model = RandomModels.classifier(CellType.GRU, 2, d, 8, 3, Activation.TANH, 17);
        double[] x = RandomModels.gaussian(new java.util.Random(6), n * D, 1.0);
        try (Device device = CpuBackend.devices(model, Precision.FLOAT64, 1).get(0);
             Device check = CpuBackend.devices(model, Precision.FLOAT64, 1).get(0)) {
            io.brink.engine.device.Tape tape = device.tape();
            io.brink.engine.device.Block xs = device.upload(x, 0, n, D);
            double[] z0 = tape.forward(xs, n);
            int L = device.outputs();
            int[] predicted = new int[n];
            for (int r = 0; r < n; r++) {
                predicted[r] = Decision.argmax(z0, r * L, L, -1);
            }
            AttackOutcome[] plain = new io.brink.engine.algorithm.Attack(device, tape, new io.brink.engine.algorithm.Attack.Settings(50, 0))
                    .run(xs, n, predicted);
            AttackOutcome[] stepped = new io.brink.engine.algorithm.Attack(device, tape, new io.brink.engine.algorithm.Attack.Settings(50, 3))
                    .run(xs, n, predicted);
            int shorter = 0;
            for (int r = 0; r < n; r++) {
                if (!(plain[r] instanceof AttackOutcome.Flip p)) {
                    continue;
                }
                AttackOutcome.Flip s = assertInstanceOf(AttackOutcome.Flip.class, stepped[r], "a flip stays a flip");
                assertTrue(s.distance() <= p.distance() * (1 + 1e-12), "window " + r + ": " + s.distance() + " > " + p.distance());
                shorter += s.distance() < 0.99 * p.distance() ? 1 : 0;
                double[] moved = new double[D];
                for (int i = 0; i < D; i++) {
                    moved[i] = x[r * D + i] + s.perturbation()[i];
                }
                double[] z = check.tape().forward(check.upload(moved, 0, 1, D), 1);
                assertNotEquals(predicted[r], Decision.argmax(z, 0, L, -1), "window " + r + ": the shortened δ must still flip");
            }
            assertTrue(shorter > 0, "boundary steps shorten some flips");
        }
    }
}
