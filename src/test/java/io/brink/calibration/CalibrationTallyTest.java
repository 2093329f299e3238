package io.brink.calibration;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live calibration against an independent batch computation over the same windows (written here from the
 * definitions, bins found by comparison rather than by ceiling), since start and over the rolling window, to 1e-9.
 */
class CalibrationTallyTest {

    /** ECE, NLL, Brier, accuracy and per-bin (count, mean confidence, accuracy) of {@code ws}, from the definitions. */
    static double[] batch(List<double[]> probs, List<Integer> ys, List<long[]> binCounts, List<double[]> binMeans) {
        int n = probs.size();
        long[] count = new long[15];
        double[] conf = new double[15];
        double[] acc = new double[15];
        double nll = 0, brier = 0, correct = 0;
        for (int i = 0; i < n; i++) {
            double[] p = probs.get(i);
            int y = ys.get(i);
            int k = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[k]) {
                    k = c;
                }
            }
            double c0 = p[k];
            int bin = -1;
            for (int b = 1; b <= 15; b++) {
                if (c0 > (b - 1) / 15.0 && c0 <= b / 15.0) {
                    bin = b - 1;
                }
            }
            count[bin]++;
            conf[bin] += c0;
            acc[bin] += k == y ? 1 : 0;
            correct += k == y ? 1 : 0;
            nll += -Math.log(Math.max(p[y], 1e-12));
            for (int c = 0; c < p.length; c++) {
                brier += Math.pow(p[c] - (c == y ? 1 : 0), 2);
            }
        }
        double ece = 0;
        double[] means = new double[30];
        for (int b = 0; b < 15; b++) {
            if (count[b] > 0) {
                ece += (double) count[b] / n * Math.abs(acc[b] / count[b] - conf[b] / count[b]);
                means[2 * b] = conf[b] / count[b];
                means[2 * b + 1] = acc[b] / count[b];
            }
        }
        binCounts.add(count);
        binMeans.add(means);
        return new double[] {correct / n, ece, nll / n, brier / n};
    }

    static void check(CalibrationSummary s, List<double[]> probs, List<Integer> ys) {
        List<long[]> counts = new ArrayList<>();
        List<double[]> means = new ArrayList<>();
        double[] want = batch(probs, ys, counts, means);
        assertEquals(probs.size(), s.windows());
        assertEquals(want[0], s.accuracy().getAsDouble(), 1e-9, "accuracy");
        assertEquals(want[1], s.ece().getAsDouble(), 1e-9, "ECE");
        assertEquals(want[2], s.nll().getAsDouble(), 1e-9, "NLL");
        assertEquals(want[3], s.brier().getAsDouble(), 1e-9, "Brier");
        for (int b = 0; b < 15; b++) {
            CalibrationSummary.Bin bin = s.bins().get(b);
            assertEquals(counts.get(0)[b], bin.count(), "count of bin " + b);
            assertEquals(b / 15.0, bin.lower(), 1e-15);
            if (bin.count() > 0) {
                assertEquals(means.get(0)[2 * b], bin.meanConfidence().getAsDouble(), 1e-9);
                assertEquals(means.get(0)[2 * b + 1], bin.accuracy().getAsDouble(), 1e-9);
            } else {
                assertTrue(bin.meanConfidence().isEmpty() && bin.accuracy().isEmpty());
            }
        }
    }

    @Test
    void sinceStartAndRollingAgreeWithABatchComputation() {
        Random rnd = new Random(3);
        CalibrationTally t = new CalibrationTally(700);
        List<double[]> probs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int classes = 4;
            double[] p = new double[classes];
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                p[c] = Math.pow(rnd.nextDouble(), 3 + 4 * rnd.nextDouble());
                sum += p[c];
            }
            for (int c = 0; c < classes; c++) {
                p[c] /= sum;
            }
            if (i % 97 == 0) {
                p = new double[] {1, 0, 0, 0};      // confidence 1 (bin 15) and, for y ≠ 0, the NLL floor
            } else if (i % 89 == 0) {
                p = new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0};   // confidence on a bin edge, 5/15
            }
            int y = rnd.nextInt(classes);
            probs.add(p);
            ys.add(y);
            t.add(new Labelled(p, y));
            if (i == 300 || i == 4999) {
                check(t.total(), probs, ys);
                int from = Math.max(0, probs.size() - 700);
                check(t.rolling(), probs.subList(from, probs.size()), ys.subList(from, ys.size()));
            }
        }
    }

    @Test
    void emptyHasNoMeans() {
        CalibrationSummary s = new CalibrationTally(10).total();
        assertEquals(0, s.windows());
        assertTrue(s.accuracy().isEmpty() && s.ece().isEmpty() && s.nll().isEmpty() && s.brier().isEmpty());
        assertEquals(15, s.bins().size());
    }

    @Test
    void byHand() {
        CalibrationTally t = new CalibrationTally(10);
        t.add(new Labelled(new double[] {0.9, 0.1}, 0));   // bin 14 ((13/15, 14/15]), correct
        t.add(new Labelled(new double[] {0.6, 0.4}, 1));   // bin 9 ((8/15, 9/15]), wrong
        CalibrationSummary s = t.total();
        assertEquals(0.5, s.accuracy().getAsDouble());
        assertEquals(0.5 * Math.abs(1 - 0.9) + 0.5 * Math.abs(0 - 0.6), s.ece().getAsDouble(), 1e-15);
        assertEquals((-Math.log(0.9) - Math.log(0.4)) / 2, s.nll().getAsDouble(), 1e-15);
        assertEquals((0.01 + 0.01 + 0.36 + 0.36) / 2, s.brier().getAsDouble(), 1e-15);
        assertEquals(1, s.bins().get(13).count());
        assertEquals(1, s.bins().get(8).count());
    }
}
