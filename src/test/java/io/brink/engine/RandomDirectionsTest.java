package io.brink.engine;

import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.algorithm.RandomDirections;
import io.brink.engine.device.Precision;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random-direction flip probabilities and the safe radius against an independent Monte Carlo estimate in the
 * test: its own directions (java.util.Random, normalized Gaussians) and its own classification of x + ρv by a
 * first-order profile. The two estimates are binomial with n = 1500, so they must agree within a few
 * standard deviations.
 */
class RandomDirectionsTest {

    static final int T = 6;
    static final int D = 2;
    static final int S = 1500;

    @Test
    void flipProbabilitiesAndSafeRadiusAgreeWithAnIndependentEstimate() {
        SequenceClassifier model = RandomModels.classifier(CellType.LSTM, 1, D, 6, 3, Activation.TANH, 23);
        int windows = 4;
        double[] x = RandomModels.gaussian(new Random(4), windows * T * D, 1.0);
        try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            List<WindowProfile> first = engine.profile(new WindowBatch(x, windows, T, D), ProfileOptions.firstOrder()).windows();
            int checkedRadii = 0;
            for (int w = 0; w < windows; w++) {
                double[] xw = java.util.Arrays.copyOfRange(x, w * T * D, (w + 1) * T * D);
                double dl = first.get(w).distances().linear();
                double[] radii = {0.5 * dl, 2 * dl, 4 * dl};
                ProfileOptions o = ProfileOptions.builder().randomDirections(new RandomDirections.Settings(radii, S, 0.05)).build();
                FlipProbabilities r = engine.profile(new WindowBatch(xw, 1, T, D), o).windows().get(0).randomDirections().orElseThrow();
                int predicted = first.get(w).predicted();
                assertEquals(radii.length, r.rates().size());
                for (int i = 0; i < radii.length; i++) {
                    FlipProbabilities.Rate rate = r.rates().get(i);
                    assertEquals(radii[i], rate.radius());
                    double independent = flipFraction(engine, xw, radii[i], predicted, 100 + w * 10 + i);
                    double p = rate.rate();
                    double sd = Math.sqrt(Math.max(Math.max(p * (1 - p), independent * (1 - independent)), 1.0 / S) * 2.0 / S);
                    assertEquals(independent, p, 5 * sd, "window " + w + " radius " + radii[i]);
                    assertTrue(rate.lower() <= p && p <= rate.upper(), "Wilson interval contains the estimate");
                    checkedRadii += p > 0.02 && p < 0.98 ? 1 : 0;
                }
                FlipProbabilities.SafeRadius safe = r.safeRadius();
                double atSafe = flipFraction(engine, xw, safe.radius(), predicted, 7 + w);
                assertTrue(atSafe <= 0.05 + 5 * Math.sqrt(0.05 * 0.95 / S), "flip fraction at the safe radius " + atSafe);
                if (!safe.capped()) {
                    double beyond = flipFraction(engine, xw, safe.radius() + 2 * radii[2] / 64 * 1.5, predicted, 9 + w);
                    assertTrue(beyond > 0.05 - 5 * Math.sqrt(0.05 * 0.95 / S), "flip fraction just past the bisection bracket " + beyond);
                }
            }
            assertTrue(checkedRadii >= 3, "some radii have flip fractions strictly between 0 and 1: " + checkedRadii);
        }
    }

    private static double flipFraction(RobustnessEngine engine, double[] xw, double rho, int predicted, long seed) {
        Random rnd = new Random(seed);
        double[] batch = new double[S * T * D];
        for (int s = 0; s < S; s++) {
            double[] v = new double[T * D];
            double norm = 0;
            for (int e = 0; e < v.length; e++) {
                v[e] = rnd.nextGaussian();
                norm += v[e] * v[e];
            }
            norm = Math.sqrt(norm);
            for (int e = 0; e < v.length; e++) {
                batch[s * T * D + e] = xw[e] + rho * v[e] / norm;
            }
        }
        int flips = 0;
        for (WindowProfile p : engine.profile(new WindowBatch(batch, S, T, D), ProfileOptions.firstOrder()).windows()) {
            flips += p.predicted() != predicted ? 1 : 0;
        }
        return (double) flips / S;
    }
}
