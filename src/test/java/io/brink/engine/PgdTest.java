package io.brink.engine;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.device.Precision;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L2 PGD at fixed radii, on the CPU engine in float64: flips are monotone in the radius; at a radius a millionth of each
 * window's linear reach (margin/‖J‖) nothing flips (a wrong verification would report flips there); at three times the
 * verified attack's largest distance PGD flips at least 90% of the windows the attack flipped (a wrong step would not).
 */
class PgdTest {

    @Test
    void flipsAreMonotoneAbsentAtTinyRadiiAndFoundBeyondTheAttacksDistance() {
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 2, 3, 8, 3, Activation.TANH, 21);
        int n = 24, T = 10, d = 3;
        double[] x = RandomModels.gaussian(new Random(4), n * T * d, 1.0);
        WindowBatch batch = new WindowBatch(x, n, T, d);
        try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            BatchProfile attack = engine.profile(batch, ProfileOptions.builder().attack(100).build());
            double maxAttack = 0;
            double minReach = Double.POSITIVE_INFINITY;
            for (WindowOutcome o : attack.outcomes()) {
                WindowProfile w = (WindowProfile) o;
                if (w.attack() instanceof AttackOutcome.Flip f) {
                    maxAttack = Math.max(maxAttack, f.distance());
                }
                minReach = Math.min(minReach, w.decision().margin() / w.gradientNorm());
            }
            assertTrue(maxAttack > 0, "the attack flips some windows");
            double tiny = minReach * 1e-6, large = 3 * maxAttack;
            BatchProfile p = engine.profile(batch, ProfileOptions.builder().pgd(new Pgd.Settings(new double[] {tiny, maxAttack / 4, large}, 20))
                    .build());
            int flippedLarge = 0;
            for (int r = 0; r < n; r++) {
                WindowProfile w = (WindowProfile) p.outcomes().get(r);
                List<Pgd.Flip> f = w.pgd().orElseThrow();
                assertEquals(3, f.size());
                assertFalse(f.get(0).flipped(), "window " + r + " flipped at a radius 1e-6 of its linear reach");
                for (int k = 1; k < f.size(); k++) {
                    assertTrue(!f.get(k - 1).flipped() || f.get(k).flipped(), "flipped at a radius, so at every larger one");
                }
                WindowProfile a = (WindowProfile) attack.outcomes().get(r);
                if (a.attack() instanceof AttackOutcome.Flip && f.get(2).flipped()) {
                    flippedLarge++;
                }
            }
            long attacked = attack.outcomes().stream().filter(o -> ((WindowProfile) o).attack() instanceof AttackOutcome.Flip).count();
            assertTrue(flippedLarge >= 0.9 * attacked, "PGD at 3× the attack's largest distance flips " + flippedLarge + " of the "
                    + attacked + " windows the attack flipped");
        }
    }

    @Test
    void theAttackIsNeverAbovePgdsFlippingRadius() {
        // Where PGD flips a window at ε, the attack (refined by PGD's verified flips) reports a distance ≤ ε: 0 violations.
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            SequenceClassifier model = RandomModels.classifier(cell, 1, 3, 8, 3, Activation.TANH, 77);
            int n = 64, T = 8, d = 3;
            double[] x = RandomModels.gaussian(new Random(9), n * T * d, 1.0);
            try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
                BatchProfile p = engine.profile(new WindowBatch(x, n, T, d), ProfileOptions.builder().attack(3)
                        .pgd(new Pgd.Settings(new double[] {0.25, 0.5, 1, 2, 4}, 30)).build());
                int pgdFlips = 0;
                for (WindowOutcome o : p.outcomes()) {
                    WindowProfile w = (WindowProfile) o;
                    for (Pgd.Flip f : w.pgd().orElseThrow()) {
                        if (f.flipped()) {
                            pgdFlips++;
                            AttackOutcome.Flip a = assertInstanceOf(AttackOutcome.Flip.class, w.attack(), "PGD flipped, so the attack has a flip");
                            assertTrue(a.distance() <= f.radius() * (1 + 1e-12), cell + ": attack " + a.distance() + " above PGD's flip at " + f.radius());
                            break;
                        }
                    }
                }
                assertTrue(pgdFlips > n / 4, "PGD flips windows: " + pgdFlips);
            }
        }
    }

    @Test
    void radiiMustBePositiveAndAscending() {
        assertThrows(IllegalArgumentException.class, () -> new Pgd.Settings(new double[] {0.5, 0.1}, 5));
        assertThrows(IllegalArgumentException.class, () -> new Pgd.Settings(new double[] {0, 0.1}, 5));
        assertThrows(IllegalArgumentException.class, () -> new Pgd.Settings(new double[] {0.1}, 0));
    }
}
