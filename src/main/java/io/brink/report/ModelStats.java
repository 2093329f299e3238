package io.brink.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.record.ScoreRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the report shows of one model, reduced from its records: quartiles of each per-window quantity, accuracy under
 * the attack against the radius ε, the ratio of the second-order estimate to the attack's distance, pooled
 * random-direction flip rates, and a reliability diagram when labels were given. Distances are L2 norms in the
 * model's normalized input space; curvature ν is the top eigenvalue of the margin's input Hessian (per squared input
 * unit). Pure: no I/O.
 */
public final class ModelStats {

    /** Quartiles of a quantity over the n windows that have it. */
    public record Quartiles(@JsonProperty("q1") double q1, @JsonProperty("median") double median, @JsonProperty("q3") double q3,
                            @JsonProperty("n") int n) {
    }

    /** A curve: y against x. */
    public record Curve(@JsonProperty("x") double[] x, @JsonProperty("y") double[] y) {
    }

    /** Pooled random-direction flips at one radius: rate = flips / directions, with its 95% Wilson interval. */
    public record PooledFlips(@JsonProperty("radius") double radius, @JsonProperty("rate") double rate, @JsonProperty("lower") double lower,
                              @JsonProperty("upper") double upper, @JsonProperty("directions") long directions) {
    }

    /** One bin of a reliability diagram: mean confidence, accuracy, windows. */
    public record ReliabilityBin(@JsonProperty("confidence") double confidence, @JsonProperty("accuracy") double accuracy,
                                 @JsonProperty("windows") int windows) {
    }

    final ModelRun run;
    final int windows;
    final Optional<Quartiles> margin;
    final Optional<Quartiles> distanceLinear;
    final Optional<Quartiles> distanceLower;
    final Optional<Quartiles> distanceUpper;
    final Optional<Quartiles> attackDistance;
    final Optional<Quartiles> curvature;
    final Optional<Quartiles> frobenius;
    final Optional<Quartiles> mutualInformation;
    final int attacked;
    final int flipped;
    final int labelledWindows;
    final OptionalDouble accuracy;
    /** log₁₀(distance_lower / attack distance) over the windows with both. */
    final double[] logRatio;
    /** The share of {@link #logRatio} above 0 (the estimate provably too optimistic), when there is any. */
    final OptionalDouble ratioAboveOne;
    final List<PooledFlips> flips;
    final List<ReliabilityBin> reliability;
    /** Accuracy (or stability) under L2 PGD at its radii, when PGD ran. */
    final Optional<Curve> pgd;

    ModelStats(ModelRun run) {
        this.run = run;
        List<ScoreRecord> r = run.records();
        windows = r.size();
        margin = quartiles(r, ScoreRecord::margin);
        distanceLinear = quartiles(r, ScoreRecord::distanceLinear);
        distanceLower = quartiles(r, ScoreRecord::distanceLower);
        distanceUpper = quartiles(r, ScoreRecord::distanceUpper);
        attackDistance = quartiles(r, ModelStats::attack);
        curvature = quartiles(r, ScoreRecord::curvature);
        frobenius = quartiles(r, ScoreRecord::hessianFrobenius);
        mutualInformation = quartiles(r, ScoreRecord::mutualInformation);
        attacked = (int) r.stream().filter(x -> x.attackDistance().isPresent()).count();
        flipped = (int) r.stream().filter(x -> attack(x).isPresent()).count();
        int labelled = 0, correct = 0;
        for (ScoreRecord x : r) {
            Optional<Integer> y = label(x);
            if (y.isPresent()) {
                labelled++;
                correct += y.get() == x.predictedIndex() ? 1 : 0;
            }
        }
        labelledWindows = labelled;
        accuracy = labelled > 0 ? OptionalDouble.of((double) correct / labelled) : OptionalDouble.empty();
        List<Double> ratios = new ArrayList<>();
        for (ScoreRecord x : r) {
            OptionalDouble a = attack(x);
            if (a.isPresent() && a.getAsDouble() > 0 && x.distanceLower().isPresent() && x.distanceLower().getAsDouble() > 0
                    && Double.isFinite(x.distanceLower().getAsDouble())) {
                ratios.add(Math.log10(x.distanceLower().getAsDouble() / a.getAsDouble()));
            }
        }
        logRatio = ratios.stream().mapToDouble(Double::doubleValue).toArray();
        ratioAboveOne = logRatio.length == 0 ? OptionalDouble.empty()
                : OptionalDouble.of(Arrays.stream(logRatio).filter(v -> v > 0).count() / (double) logRatio.length);
        flips = pooledFlips(r);
        reliability = labelled > 0 ? reliability(r) : List.of();
        pgd = pgdCurve();
    }

    /**
     * With labels: the share of labelled windows classified correctly and not flipped by PGD within each of its radii;
     * without: the share not flipped. Over the windows PGD ran on.
     */
    private Optional<Curve> pgdCurve() {
        Optional<List<ScoreRecord.PgdRadius>> first = run.records().stream().map(ScoreRecord::pgd).filter(Optional::isPresent)
                .map(Optional::get).findFirst();
        if (first.isEmpty()) {
            return Optional.empty();
        }
        int R = first.get().size();
        double[] x = first.get().stream().mapToDouble(ScoreRecord.PgdRadius::radius).toArray();
        double[] y = new double[R];
        int n = 0;
        for (ScoreRecord rec : run.records()) {
            Optional<Integer> lab = label(rec);
            if (rec.pgd().isEmpty() || rec.pgd().get().size() != R || (run.hasLabels() && lab.isEmpty())) {
                continue;
            }
            n++;
            boolean ok = !run.hasLabels() || lab.get() == rec.predictedIndex();
            for (int k = 0; k < R; k++) {
                if (ok && !rec.pgd().get().get(k).flipped()) {
                    y[k]++;
                }
            }
        }
        for (int k = 0; k < R; k++) {
            y[k] = n == 0 ? Double.NaN : y[k] / n;
        }
        return Optional.of(new Curve(x, y));
    }

    Optional<Integer> label(ScoreRecord x) {
        return run.labelOf().apply(x.series(), x.ts());
    }

    static OptionalDouble attack(ScoreRecord x) {
        return x.attackDistance().map(ScoreRecord.AttackDistance::distance).orElse(OptionalDouble.empty());
    }

    /**
     * With labels: the share of labelled windows classified correctly and not flipped by the attack within ε (accuracy
     * under this attack, an upper bound on accuracy under the worst perturbation of norm ε, since the attack's distance
     * is an upper bound on the distance to the boundary). Without: the share of windows the attack did not flip within ε
     * (prediction stability). Windows the attack did not flip at all count as holding at every ε.
     */
    Curve robustness(double[] eps) {
        double[] y = new double[eps.length];
        int n = 0;
        for (ScoreRecord x : run.records()) {
            Optional<Integer> lab = label(x);
            if (run.hasLabels() && lab.isEmpty()) {
                continue;
            }
            n++;
            boolean ok = !run.hasLabels() || lab.get() == x.predictedIndex();
            OptionalDouble a = attack(x);
            for (int i = 0; i < eps.length; i++) {
                if (ok && (a.isEmpty() || a.getAsDouble() > eps[i])) {
                    y[i]++;
                }
            }
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = n == 0 ? Double.NaN : y[i] / n;
        }
        return new Curve(eps.clone(), y);
    }

    /** Values of a per-window quantity (finite ones). */
    double[] values(Function<ScoreRecord, OptionalDouble> f) {
        return finite(run.records(), f);
    }

    private static double[] finite(List<ScoreRecord> r, Function<ScoreRecord, OptionalDouble> f) {
        return r.stream().map(f).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble).filter(Double::isFinite)
                .toArray();
    }

    static Optional<Quartiles> quartiles(List<ScoreRecord> r, Function<ScoreRecord, OptionalDouble> f) {
        double[] v = finite(r, f);
        Arrays.sort(v);
        if (v.length == 0) {
            return Optional.empty();
        }
        return Optional.of(new Quartiles(quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75), v.length));
    }

    /** The q-quantile of sorted values (linear interpolation). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static List<PooledFlips> pooledFlips(List<ScoreRecord> r) {
        TreeMap<Double, long[]> byRadius = new TreeMap<>();
        for (ScoreRecord x : r) {
            x.misclassificationProbability().ifPresent(list -> list.forEach(p -> {
                long[] c = byRadius.computeIfAbsent(p.radius(), k -> new long[2]);
                c[0] += Math.round(p.probability() * p.directions());
                c[1] += p.directions();
            }));
        }
        List<PooledFlips> out = new ArrayList<>();
        byRadius.forEach((radius, c) -> {
            double[] w = FlipProbabilities.wilson(c[0], c[1]);
            out.add(new PooledFlips(radius, (double) c[0] / c[1], w[0], w[1], c[1]));
        });
        return out;
    }

    private List<ReliabilityBin> reliability(List<ScoreRecord> r) {
        int bins = 10;
        double[] conf = new double[bins];
        int[] right = new int[bins];
        int[] count = new int[bins];
        for (ScoreRecord x : r) {
            Optional<Integer> y = label(x);
            if (y.isEmpty()) {
                continue;
            }
            double c = x.probabilities()[x.predictedIndex()];
            int b = Math.min(bins - 1, (int) Math.floor(c * bins));
            conf[b] += c;
            right[b] += y.get() == x.predictedIndex() ? 1 : 0;
            count[b]++;
        }
        List<ReliabilityBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                out.add(new ReliabilityBin(conf[b] / count[b], (double) right[b] / count[b], count[b]));
            }
        }
        return out;
    }
}
