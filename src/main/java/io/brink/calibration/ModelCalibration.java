package io.brink.calibration;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Everything Brink learns about one model from its outcomes: calibration (rolling and since start), the adaptive
 * conformal sets and their realized coverage and size, and the label-free accuracy estimate (the mean calibrated
 * confidence of the recent predictions, labelled or not). The stream's calibration processor and
 * {@code brink analyze --labels} drive it alike: {@link #rule()} for a new window's set, {@link #predicted} for each
 * prediction, {@link #labelled} when an outcome joins. Not thread-safe.
 */
public final class ModelCalibration {

    private final CalibrationSettings settings;
    private final CalibrationTally tally;
    private final AdaptiveConformal conformal;
    /** The full-set budget of the sets {@link #give} makes (analyze's; the stream's scorers keep their own). */
    private final FullSetBudget budget;
    private final Deque<Coverage> coverage = new ArrayDeque<>();
    private final Deque<Double> confidences = new ArrayDeque<>();
    private long covered;
    private long setSizes;
    private long fullSets;
    private long labelled;
    private long predictions;
    /** Per true class since start: labelled windows, and those whose set held the class (grown to the classes seen). */
    private long[] classLabelled = new long[0];
    private long[] classCovered = new long[0];

    /** A set's outcome: was the class in it, how many classes it held, the true class, and whether it held every class. */
    public record Coverage(boolean covered, int size, int actual, boolean full) {
    }

    public ModelCalibration(CalibrationSettings settings) {
        this.settings = settings;
        this.tally = new CalibrationTally(settings.window());
        this.conformal = new AdaptiveConformal(settings.alpha(), settings.gamma(), settings.conformalWindow(), settings.batch(),
                settings.fullPenalty());
        this.budget = settings.newBudget();
    }

    public CalibrationSettings settings() {
        return settings;
    }

    /** How the next window's prediction set is made. */
    public SetRule rule() {
        return conformal.rule();
    }

    /** The set for a new window with probabilities p̄: the current rule's, cut to the full-set budget. */
    public List<Integer> give(double[] p) {
        return budget.give(conformal.rule(), p);
    }

    /** A prediction of confidence max p̄ was made (for the label-free estimate). */
    public void predicted(double confidence) {
        predictions++;
        confidences.addLast(confidence);
        if (confidences.size() > settings.estimateWindow()) {
            confidences.removeFirst();
        }
    }

    /** The outcome y of a window with probabilities p̄ that was given the prediction set {@code set}. */
    public void labelled(double[] p, int y, List<Integer> set) {
        labelled(p, y, set.contains(y), set.size());
    }

    /**
     * The outcome y of a window with probabilities p̄ whose prediction set held y ({@code in}) and {@code size} classes:
     * err is judged by the set the window was given, as the conformal guarantee requires, also when outcomes arrive late
     * and sets were made with an older rule ({@link AdaptiveConformal} steps once per batch, which bounds what such a lag
     * can do).
     */
    public void labelled(double[] p, int y, boolean in, int size) {
        Labelled w = new Labelled(p, y);
        tally.add(w);
        conformal.update(p, y, in);
        count(new Coverage(in, size, y, size >= p.length));
        pushCoverage(new Coverage(in, size, y, size >= p.length));
    }

    /** Adds one labelled window's set to the since-start counts. */
    private void count(Coverage c) {
        labelled++;
        covered += c.covered() ? 1 : 0;
        setSizes += c.size();
        fullSets += c.full() ? 1 : 0;
        if (c.actual() >= classLabelled.length) {
            classLabelled = java.util.Arrays.copyOf(classLabelled, c.actual() + 1);
            classCovered = java.util.Arrays.copyOf(classCovered, c.actual() + 1);
        }
        classLabelled[c.actual()]++;
        classCovered[c.actual()] += c.covered() ? 1 : 0;
    }

    private void pushCoverage(Coverage c) {
        coverage.addLast(c);
        if (coverage.size() > settings.window()) {
            coverage.removeFirst();
        }
    }

    /** Calibration since start. */
    public CalibrationSummary total() {
        return tally.total();
    }

    /** Calibration over the rolling window. */
    public CalibrationSummary rolling() {
        return tally.rolling();
    }

    /** Share of labelled windows whose class was in their set, since start; empty before the first. */
    public OptionalDouble coverage() {
        return labelled == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) covered / labelled);
    }

    /** Mean number of classes in the labelled windows' sets, since start. */
    public OptionalDouble meanSetSize() {
        return labelled == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) setSizes / labelled);
    }

    /** Coverage over the rolling window. */
    public OptionalDouble rollingCoverage() {
        if (coverage.isEmpty()) {
            return OptionalDouble.empty();
        }
        long in = coverage.stream().filter(Coverage::covered).count();
        return OptionalDouble.of((double) in / coverage.size());
    }

    /** Mean set size over the rolling window. */
    public OptionalDouble rollingMeanSetSize() {
        return coverage.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(coverage.stream().mapToInt(Coverage::size).average().orElseThrow());
    }

    /** Share of the labelled windows' sets that held every class ("abstentions"), since start. */
    public OptionalDouble fullSetShare() {
        return labelled == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) fullSets / labelled);
    }

    /** Share of full sets over the rolling window. */
    public OptionalDouble rollingFullSetShare() {
        return coverage.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of((double) coverage.stream().filter(Coverage::full).count() / coverage.size());
    }

    /** Coverage per true class (index), since start; empty for a class never labelled. */
    public List<OptionalDouble> classCoverage() {
        List<OptionalDouble> out = new java.util.ArrayList<>();
        for (int k = 0; k < classLabelled.length; k++) {
            out.add(classLabelled[k] == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) classCovered[k] / classLabelled[k]));
        }
        return out;
    }

    /** Coverage per true class (index) over the rolling window; empty for a class not in it. */
    public List<OptionalDouble> rollingClassCoverage() {
        int k = coverage.stream().mapToInt(Coverage::actual).max().orElse(-1) + 1;
        long[] n = new long[k];
        long[] in = new long[k];
        for (Coverage c : coverage) {
            n[c.actual()]++;
            in[c.actual()] += c.covered() ? 1 : 0;
        }
        List<OptionalDouble> out = new java.util.ArrayList<>();
        for (int c = 0; c < k; c++) {
            out.add(n[c] == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) in[c] / n[c]));
        }
        return out;
    }

    /** The conformal rule's offset δ now, in nats. */
    public double conformalOffset() {
        return conformal.offset();
    }

    /**
     * The accuracy the recent predictions should have, before their labels arrive: the mean, over the last
     * {@code estimateWindow} predictions, of their calibrated confidence (histogram binning fitted on the rolling
     * calibration window). Empty before any prediction.
     */
    public OptionalDouble estimatedAccuracy() {
        if (confidences.isEmpty()) {
            return OptionalDouble.empty();
        }
        BinningCalibrator c = tally.calibrator();
        double s = 0;
        for (double v : confidences) {
            s += c.calibrated(v);
        }
        return OptionalDouble.of(s / confidences.size());
    }

    public long labelledCount() {
        return labelled;
    }

    public long predictionCount() {
        return predictions;
    }

    /** The since-start state, for saving beside the rolling windows' own entries. */
    public Saved saved() {
        int[] open = conformal.openBatch();
        return new Saved(tally.totals(), conformal.offset(), open[0], open[1], covered, setSizes, fullSets, labelled, predictions,
                classLabelled.clone(), classCovered.clone());
    }

    /**
     * A calibration restored from saved totals and the rolling windows' entries, oldest first: labelled windows with
     * their coverage, and recent prediction confidences.
     */
    public static ModelCalibration restore(CalibrationSettings settings, Saved saved, List<Labelled> recent,
                                           List<Coverage> recentCoverage, List<Double> recentConfidences) {
        ModelCalibration m = new ModelCalibration(settings);
        m.tally.restore(saved.totals());
        for (Labelled w : recent) {
            m.tally.addRolling(w);
            m.conformal.restoreScore(w.probabilities(), w.actual());
        }
        recentCoverage.forEach(m::pushCoverage);
        recentConfidences.forEach(m::predicted);
        m.conformal.restore(saved.offset(), saved.batchSeen(), saved.batchMissed());
        m.covered = saved.covered();
        m.setSizes = saved.setSizes();
        m.fullSets = saved.fullSets();
        m.labelled = saved.labelled();
        m.predictions = saved.predictions();
        m.classLabelled = saved.classLabelled() == null ? new long[0] : saved.classLabelled().clone();
        m.classCovered = saved.classCovered() == null ? new long[m.classLabelled.length] : saved.classCovered().clone();
        return m;
    }

    /**
     * Since-start state: calibration sums, the conformal offset and its open batch, coverage counts (full sets, per class),
     * labelled windows and predictions seen. State saved by builds before the offset (with α_t) restores with offset 0.
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    public record Saved(CalibrationTally.Totals totals, double offset, int batchSeen, int batchMissed, long covered, long setSizes,
                        long fullSets, long labelled, long predictions, long[] classLabelled, long[] classCovered) {

        /** The same with {@code n} predictions seen. */
        public Saved withPredictions(long n) {
            return new Saved(totals, offset, batchSeen, batchMissed, covered, setSizes, fullSets, labelled, n, classLabelled, classCovered);
        }
    }
}
