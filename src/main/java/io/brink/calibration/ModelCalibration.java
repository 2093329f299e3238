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
    private final Deque<Coverage> coverage = new ArrayDeque<>();
    private final Deque<Double> confidences = new ArrayDeque<>();
    private long covered;
    private long setSizes;
    private long labelled;
    private long predictions;

    /** A set's outcome: was the class in it, and how many classes it held. */
    public record Coverage(boolean covered, int size) {
    }

    public ModelCalibration(CalibrationSettings settings) {
        this.settings = settings;
        this.tally = new CalibrationTally(settings.window());
        this.conformal = new AdaptiveConformal(settings.alpha(), settings.gamma(), settings.conformalWindow());
    }

    public CalibrationSettings settings() {
        return settings;
    }

    /** How the next window's prediction set is made. */
    public SetRule rule() {
        return conformal.rule();
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
     * err is judged by the set the window was given, as adaptive conformal inference requires for its long-run
     * coverage guarantee, also when outcomes arrive late and sets were made with an older rule. The lag (labelled windows
     * between a rule's making and its outcomes) lets α_t overshoot by about γ × lag, which widens the swings of set sizes:
     * the stream keeps it short by publishing the rule often.
     */
    public void labelled(double[] p, int y, boolean in, int size) {
        Labelled w = new Labelled(p, y);
        tally.add(w);
        conformal.update(p, y, in);
        labelled++;
        covered += in ? 1 : 0;
        setSizes += size;
        pushCoverage(new Coverage(in, size));
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

    public double alphaT() {
        return conformal.alphaT();
    }

    public long labelledCount() {
        return labelled;
    }

    public long predictionCount() {
        return predictions;
    }

    /** The since-start state, for saving beside the rolling windows' own entries. */
    public Saved saved() {
        return new Saved(tally.totals(), conformal.alphaT(), covered, setSizes, labelled, predictions);
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
            m.conformal.restoreScore(1 - w.probabilities()[w.actual()]);
        }
        recentCoverage.forEach(m::pushCoverage);
        recentConfidences.forEach(m::predicted);
        m.conformal.restoreAlphaT(saved.alphaT());
        m.covered = saved.covered();
        m.setSizes = saved.setSizes();
        m.labelled = saved.labelled();
        m.predictions = saved.predictions();
        return m;
    }

    /** Since-start state: calibration sums, α_t, coverage counts, labelled windows and predictions seen. */
    public record Saved(CalibrationTally.Totals totals, double alphaT, long covered, long setSizes, long labelled, long predictions) {
    }
}
