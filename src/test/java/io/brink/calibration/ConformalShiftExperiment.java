package io.brink.calibration;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A synthetic stream for adaptive conformal sets: a 5-class model whose probabilities p̄ are Dirichlet-like draws;
 * before the shift the labels are drawn from p̄ itself (a calibrated model), from the shift on from a tempered and
 * permuted version (the model becomes overconfident and partly wrong). Sets come from {@link ModelCalibration} and
 * outcomes update it at once.
 */
final class ConformalShiftExperiment {

    /** Long-run coverage, mean set size, windows after the shift until the rolling 500-window coverage stays within ±3%, its low. */
    record Result(double coverage, double meanSetSize, int recoveredAfter, double worstRolling, double alphaTEnd) {
    }

    static Result run(int windows, double alpha, double gamma, int conformalWindow, long seed) {
        Random rnd = new Random(seed);
        ModelCalibration m = new ModelCalibration(new CalibrationSettings(1000, alpha, gamma, conformalWindow, 1000));
        int shift = windows / 2;
        Deque<Boolean> rolling = new ArrayDeque<>();
        int inRolling = 0;
        int lastOutside = shift;
        double worst = 1;
        for (int t = 0; t < windows; t++) {
            double[] p = draw(rnd, 5);
            double[] truth = t < shift ? p : shifted(p);
            int y = sample(rnd, truth);
            List<Integer> set = m.rule().apply(p);
            m.predicted(max(p));
            m.labelled(p, y, set);
            boolean in = set.contains(y);
            rolling.addLast(in);
            inRolling += in ? 1 : 0;
            if (rolling.size() > 500) {
                inRolling -= rolling.removeFirst() ? 1 : 0;
            }
            if (t >= shift && rolling.size() == 500) {
                double c = inRolling / 500.0;
                worst = Math.min(worst, c);
                if (Math.abs(c - (1 - alpha)) > 0.03) {
                    lastOutside = t + 1;
                }
            }
        }
        return new Result(m.coverage().getAsDouble(), m.meanSetSize().getAsDouble(), lastOutside - shift, worst, m.alphaT());
    }

    private static double[] draw(Random rnd, int k) {
        double[] p = new double[k];
        double s = 0;
        for (int c = 0; c < k; c++) {
            p[c] = -Math.log(1 - rnd.nextDouble()) * (c == 0 ? 3 : 1);
            p[c] = Math.pow(p[c], 4);
            s += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= s;
        }
        return p;
    }

    /** After the shift: the truth is half p̄ and half p̄ rotated by one class (the model is confidently wrong half the time). */
    private static double[] shifted(double[] p) {
        int k = p.length;
        double[] q = new double[k];
        for (int c = 0; c < k; c++) {
            q[c] = 0.5 * p[c] + 0.5 * p[(c + k - 1) % k];
        }
        return q;
    }

    private static int sample(Random rnd, double[] p) {
        double u = rnd.nextDouble(), acc = 0;
        for (int c = 0; c < p.length; c++) {
            acc += p[c];
            if (u < acc) {
                return c;
            }
        }
        return p.length - 1;
    }

    private static double max(double[] p) {
        double m = p[0];
        for (double v : p) {
            m = Math.max(m, v);
        }
        return m;
    }

    public static void main(String[] args) {
        for (double gamma : new double[] {1e-9, 0.005, 0.01, 0.02, 0.05}) {
            for (int w : new int[] {200, 500, 1000}) {
                for (long seed : new long[] {1, 2, 3}) {
                    System.out.printf("gamma %.3f window %d seed %d: %s%n", gamma, w, seed, run(20_000, 0.1, gamma, w, seed));
                }
            }
        }
    }
}
