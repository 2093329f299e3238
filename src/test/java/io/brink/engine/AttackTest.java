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
}
