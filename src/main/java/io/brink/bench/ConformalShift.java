package io.brink.bench;

import io.brink.calibration.CalibrationSettings;
import io.brink.calibration.FullSetBudget;
import io.brink.calibration.ModelCalibration;
import io.brink.calibration.SetRule;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The conformal sets on a synthetic stream with an abrupt shift and delayed, bursty outcomes ({@code brink bench
 * --conformal-shift}): a 5-class model whose probabilities p̄ are heavy-tailed random draws; before the shift labels are
 * drawn from p̄ itself (a calibrated model), from the shift on from half p̄ and half p̄ rotated by one class (confidently
 * wrong half the time). Each window gets the set of the rule last published; outcomes are held back and delivered in
 * bursts of 50–500 (oldest first), and the rule is republished after every 25 labelled windows, as the stream does.
 */
public final class ConformalShift {

    /** Labelled windows between the rule's publications, as conformal.publish.every. */
    static final int PUBLISH_EVERY = 25;
    /** Windows of the rolling coverage. */
    static final int ROLLING = 500;

    private ConformalShift() {
    }

    /**
     * What one run gave: long-run coverage and mean set size of the sets given, share of full sets, labelled windows from
     * the shift until the rolling 500-window coverage, after its lowest point in the 3,000 windows that follow the shift,
     * was back within ±0.03 of the target, the share of the later windows at which it was outside that band, its lowest and
     * highest after the shift, and the share of windows before the shift (after the first 1,000) outside the band.
     */
    public record Result(double coverage, double meanSetSize, double fullShare, int recoveredAfter, double outsideAfter,
                         double worstRolling, double bestRolling, double outsideBefore) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "coverage %.4f, mean set %.3f, full sets %.1f%%, back within ±0.03 after %d (outside "
                            + "%.1f%% of the time after that), rolling after the shift %.3f..%.3f; before the shift outside %.1f%%",
                    coverage, meanSetSize, 100 * fullShare, recoveredAfter, 100 * outsideAfter, worstRolling, bestRolling,
                    100 * outsideBefore);
        }
    }

    private record Pending(double[] p, int y, List<Integer> set) {
    }

    /** Where the sets come from: Brink's rule, or a comparator. */
    interface Method {
        SetRule rule();

        void labelled(double[] p, int y, List<Integer> set);

        /** The set a new window is given under the published rule (Brink's rule cuts it to its full-set budget). */
        default List<Integer> give(SetRule published, double[] p) {
            return published.apply(p);
        }
    }

    /** Brink's rule ({@link ModelCalibration}, i.e. {@code AdaptiveConformal}). */
    static Method brink(CalibrationSettings settings) {
        ModelCalibration m = new ModelCalibration(settings);
        FullSetBudget budget = settings.newBudget();
        return new Method() {
            public SetRule rule() {
                return m.rule();
            }

            public List<Integer> give(SetRule published, double[] p) {
                return budget.give(published, p);
            }

            public void labelled(double[] p, int y, List<Integer> set) {
                m.labelled(p, y, set);
            }
        };
    }

    /**
     * The comparator: adaptive conformal inference as Brink ran it before (Gibbs and Candès 2021): α_t moves by γ(α − err)
     * with each outcome and sets the quantile level of the last n scores; every class at α_t ≤ 0 or a rank past n, and
     * (sets being never empty now) the top class alone at α_t ≥ 1.
     */
    static Method aci(double alpha, double gamma, int window) {
        Deque<Double> scores = new ArrayDeque<>();
        double[] alphaT = {alpha};
        return new Method() {
            public SetRule rule() {
                int n = scores.size();
                if (n == 0 || alphaT[0] <= 0) {
                    return SetRule.all();
                }
                if (alphaT[0] >= 1) {
                    return SetRule.threshold(0);
                }
                long rank = (long) Math.ceil((n + 1) * (1 - alphaT[0]));
                if (rank > n) {
                    return SetRule.all();
                }
                double[] sorted = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                return SetRule.threshold(sorted[(int) Math.max(0, rank - 1)]);
            }

            public void labelled(double[] p, int y, List<Integer> set) {
                alphaT[0] += gamma * (alpha - (set.contains(y) ? 0 : 1));
                scores.addLast(1 - p[y]);
                if (scores.size() > window) {
                    scores.removeFirst();
                }
            }
        };
    }

    /**
     * Runs {@code windows} windows (shift halfway) with outcomes in bursts of {@code minBurst}–{@code maxBurst} (1–1: at once).
     */
    public static Result run(int windows, CalibrationSettings settings, int minBurst, int maxBurst, long seed) {
        return run(windows, brink(settings), settings.alpha(), minBurst, maxBurst, seed);
    }

    /** {@link #run(int, CalibrationSettings, int, int, long)} with the sets of {@code m}. */
    static Result run(int windows, Method m, double alpha, int minBurst, int maxBurst, long seed) {
        Random rnd = new Random(seed);
        int shift = windows / 2;
        double target = 1 - alpha;
        long covered = 0, sizes = 0, full = 0;
        SetRule published = m.rule();
        Deque<Pending> queue = new ArrayDeque<>();
        Deque<Boolean> rolling = new ArrayDeque<>();
        int inRolling = 0;
        int labelled = 0;
        int sincePublished = 0;
        long shiftLabel = -1;
        long lowest = -1;
        long back = -1;
        long after = 0, outsideAfter = 0, before = 0, outsideBefore = 0;
        double worst = 1, best = 0;
        double[] trace = new double[windows + 1];
        int burst = minBurst + rnd.nextInt(maxBurst - minBurst + 1);
        for (int t = 0; t < windows; t++) {
            double[] p = draw(rnd, 5);
            int y = sample(rnd, t < shift ? p : shifted(p));
            if (t == shift) {
                shiftLabel = labelled + queue.size();
            }
            queue.addLast(new Pending(p, y, m.give(published, p)));
            if (queue.size() < burst && t < windows - 1) {
                continue;
            }
            burst = minBurst + rnd.nextInt(maxBurst - minBurst + 1);
            while (!queue.isEmpty()) {
                Pending o = queue.removeFirst();
                m.labelled(o.p(), o.y(), o.set());
                labelled++;
                boolean in = o.set().contains(o.y());
                covered += in ? 1 : 0;
                sizes += o.set().size();
                full += o.set().size() == o.p().length ? 1 : 0;
                rolling.addLast(in);
                inRolling += in ? 1 : 0;
                if (rolling.size() > ROLLING) {
                    inRolling -= rolling.removeFirst() ? 1 : 0;
                }
                double c = (double) inRolling / rolling.size();
                boolean outside = Math.abs(c - target) > 0.03;
                trace[labelled] = c;
                if (shiftLabel >= 0 && labelled > shiftLabel) {
                    if (c < worst && labelled <= shiftLabel + 3000) {
                        worst = c;
                        lowest = labelled;
                    }
                    best = Math.max(best, c);
                } else if (labelled > 1000) {
                    before++;
                    outsideBefore += outside ? 1 : 0;
                }
                if (++sincePublished >= PUBLISH_EVERY) {
                    published = m.rule();
                    sincePublished = 0;
                }
            }
        }
        for (long i = Math.max(lowest, shiftLabel + 1); i <= labelled && lowest >= 0; i++) {
            boolean outside = Math.abs(trace[(int) i] - target) > 0.03;
            if (back < 0 && !outside) {
                back = i;
            }
            if (back >= 0) {
                after++;
                outsideAfter += outside ? 1 : 0;
            }
        }
        int recovered = back < 0 ? (int) (labelled - shiftLabel) : (int) (back - shiftLabel);
        return new Result((double) covered / labelled, (double) sizes / labelled, (double) full / labelled, recovered,
                after == 0 ? 1 : (double) outsideAfter / after, worst, best, before == 0 ? 0 : (double) outsideBefore / before);
    }

    /** The benchmark: the default settings with immediate and with bursty outcomes, then a sweep of γ and batch. */
    public static void report(PrintStream out) {
        CalibrationSettings d = CalibrationSettings.defaults();
        out.println("brink bench --conformal-shift: 20,000 windows, 5 classes, abrupt shift at 10,000; target coverage 0.90; "
                + "rule republished every " + PUBLISH_EVERY + " labelled windows; rolling coverage over " + ROLLING + " windows");
        for (int[] bursts : new int[][] {{1, 1}, {50, 500}}) {
            for (long seed = 1; seed <= 3; seed++) {
                out.printf(Locale.ROOT, "defaults (gamma %.3f, batch %d, score window %d, full-set penalty %.1f nats, budget %.0f%% of %d), "
                                + "outcomes in bursts of %d-%d, seed %d: %s%n", d.gamma(), d.batch(), d.conformalWindow(), d.fullPenalty(),
                        100 * d.fullBudget(), d.fullBudgetWindow(), bursts[0], bursts[1], seed, run(20_000, d, bursts[0], bursts[1], seed));
            }
        }
        for (int[] bursts : new int[][] {{1, 1}, {50, 500}}) {
            for (double gamma : new double[] {0.005, 0.01, 0.05}) {
                for (long seed = 1; seed <= 3; seed++) {
                    out.printf(Locale.ROOT, "comparator: adaptive conformal inference per outcome (gamma %.3f), bursts of %d-%d, seed %d: %s%n",
                            gamma, bursts[0], bursts[1], seed, run(20_000, aci(d.alpha(), gamma, d.conformalWindow()), d.alpha(), bursts[0],
                                    bursts[1], seed));
                }
            }
        }
        CalibrationSettings before = new CalibrationSettings(d.window(), d.alpha(), 0.05, 500, d.estimateWindow(), 50);
        for (long seed = 1; seed <= 3; seed++) {
            out.printf(Locale.ROOT, "the previous defaults (gamma 0.05, batch 50, score window 500, no penalty, no budget), bursts of "
                    + "50-500, seed %d: %s%n", seed, run(20_000, before, 50, 500, seed));
        }
        for (double gamma : new double[] {1e-9, 0.05, 0.2, 1}) {
            for (int batch : new int[] {1, 50}) {
                CalibrationSettings s = new CalibrationSettings(d.window(), d.alpha(), gamma, d.conformalWindow(), d.estimateWindow(), batch,
                        d.fullPenalty(), d.fullBudget(), d.fullBudgetWindow());
                out.printf(Locale.ROOT, "gamma %.3f batch %d, bursts of 50-500, seed 1: %s%n", gamma, batch, run(20_000, s, 50, 500, 1));
            }
        }
    }

    private static double[] draw(Random rnd, int k) {
        double[] p = new double[k];
        double s = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.pow(-Math.log(1 - rnd.nextDouble()) * (c == 0 ? 3 : 1), 4);
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

}
