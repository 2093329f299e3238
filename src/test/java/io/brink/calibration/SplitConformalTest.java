package io.brink.calibration;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitConformalTest {

    /** p̄ of n windows: a softmax of Gaussian logits (σ 2) over k classes. */
    private static void draw(Random r, List<double[]> p, int n, int k) {
        for (int i = 0; i < n; i++) {
            double[] e = new double[k];
            double sum = 0;
            for (int c = 0; c < k; c++) {
                e[c] = Math.exp(2 * r.nextGaussian());
                sum += e[c];
            }
            for (int c = 0; c < k; c++) {
                e[c] /= sum;
            }
            p.add(e);
        }
    }

    @Test
    void coversOneMinusAlphaOnExchangeableWindowsWithTheExactOrderStatistic() {
        // The classes are drawn from √p̄ renormalized: the model is overconfident, so q is not a property of p̄ alone.
        Random r = new Random(7);
        List<double[]> p = new ArrayList<>();
        int n = 20_000;
        draw(r, p, n, 4);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            double[] tempered = new double[4];
            double sum = 0;
            for (int c = 0; c < 4; c++) {
                tempered[c] = Math.sqrt(p.get(i)[c]);
                sum += tempered[c];
            }
            double acc = 0;
            y[i] = 3;
            for (int c = 0; c < 4; c++) {
                acc += tempered[c] / sum;
                if (u < acc) {
                    y[i] = c;
                    break;
                }
            }
        }
        SplitConformal.Result res = SplitConformal.evaluate(p, y, 0.1, 500, 3).orElseThrow();
        assertEquals(n / 2, res.calibrationWindows());
        assertEquals(n - n / 2, res.test().windows());
        assertTrue(Math.abs(res.test().coverage() - 0.9) < 0.01, "coverage " + res.test().coverage());
        // q is the ⌈(n + 1)(1 − α)⌉-th smallest calibration score: the test half's own scores put it near their 0.9 quantile,
        // and every window's set holds at least the top class.
        assertTrue(res.test().meanSetSize() >= 1);
        assertTrue(res.test().rollingMin().getAsDouble() <= res.test().coverage());
        assertTrue(res.test().rollingMax().getAsDouble() >= res.test().coverage());
        long below = 0;
        long atOrBelow = 0;
        for (int i = 0; i < n; i++) {
            double s = 1 - p.get(i)[y[i]];
            below += s < res.threshold() ? 1 : 0;
            atOrBelow += s <= res.threshold() ? 1 : 0;
        }
        assertTrue(below < 0.91 * n && atOrBelow > 0.89 * n, below + " " + atOrBelow);
    }

    @Test
    void noReferenceWithTooFewWindowsForTheQuantile() {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            p.add(new double[] {0.6, 0.4});
        }
        // 8 calibration scores: rank ⌈9 · 0.9⌉ = 9 > 8
        assertFalse(SplitConformal.evaluate(p, new int[16], 0.1, 4, 1).isPresent());
        List<double[]> more = new ArrayList<>(p);
        more.addAll(p);
        more.addAll(p);
        assertTrue(SplitConformal.evaluate(more, new int[48], 0.1, 4, 1).isPresent());
    }
}
