package io.brink.engine.stage;

import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import io.brink.model.graph.Graph;
import io.brink.model.bounds.Certificate;
import io.brink.model.bounds.Certifier;
import io.brink.model.bounds.ClassifierBounds;
import io.brink.model.bounds.EnsembleBounds;
import io.brink.model.bounds.ModelBounds;
import io.brink.model.bounds.Norm;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The certified-radius stage: per window, {@link Certifier}'s search in L2 and in L∞, on the host in float64 (the
 * bounds are not run on a device). The search is capped by the smallest verified flip distance (the attack's, or PGD's
 * first flipping radius) and seeded at the geometric mean of the batch's earlier L2 certificates (one model's
 * certificates vary far less from window to window than its flip distances: 0.013–0.040 against 0.03–1.7 on the demo
 * model; each bound pass costs as much as the others, so a seed near the answer saves passes); for the first window,
 * or when that mean is not below half the flip distance, at a third of the flip distance, or without a flip at the
 * linear distance estimate. The L∞ search has the L2 certificate divided by √D proven already
 * (an L∞ ball of that radius lies inside the L2 ball) and is seeded at the L2 certificate times the batch's mean L∞ ÷ L2
 * ratio. Seeds change how many passes a window takes, never what a pass proves; the radius found can differ by up to
 * the search's tolerance with the batch a window is in. With {@link Certifier.Settings#every()} &gt; 1, only the
 * windows whose values hash to 0 modulo it are certified (the others say the stage did not run for them).
 *
 * <p>An ensemble is bounded through its log-mean-exp head from each member's bounds ({@link EnsembleBounds}). Refused,
 * with the reason, for a graph model holding an op without a bound rule (the reason names the node and op:
 * LogSoftmax, ThresholdedRelu, inside a recurrent op's cells too): a certificate is never guessed.
 */
public final class CertifiedStage implements ProfileStage<Certifier.Settings, Certification> {

    public static final StageKey<Certifier.Settings, Certification> KEY =
            new StageKey<>("certified", Certifier.Settings.class, Certification.class);

    /** Which windows get a certificate: one in this many (by a hash of its values); 0 turns the stage off. Set by each command. */
    public static final StageOption EVERY = new StageOption("certify.every", Optional.empty(), StageOption.Kind.INT, "0", "0",
            StageOption.Check.atLeast(0), "The certified radius (a proven lower bound of the distance, docs/certified.md) for one "
                    + "window in this many, chosen by a hash of its values; 0 = never. Seconds of one core per window for a 2-layer "
                    + "LSTM of hidden 32 over 32 steps: its budget. In the stream: tier-1 windows only, never on tier 0's path.");

    /** Bound passes per window and norm. */
    public static final StageOption PASSES = StageOption.of("certify.passes", "--certify-passes", StageOption.Kind.INT, "8", "6",
            StageOption.Check.atLeast(1), "Bound propagations per certified window and norm at most.");

    /** The search's stopping gap. */
    public static final StageOption TOLERANCE = StageOption.of("certify.tolerance", "--certify-tolerance", StageOption.Kind.DOUBLE,
            "" + Certifier.Settings.DEFAULT_TOLERANCE, "" + Certifier.Settings.DEFAULT_TOLERANCE, StageOption.Check.POSITIVE,
            "Relative gap between a proven and a refuted radius at which the certified-radius search stops.");

    /** The model's bounds, kept for the engine's life (they cache the unrolled network per window length). */
    private final Optional<ModelBounds> bounds;
    private final String refusal;

    /** The stage for a model of these members: one network or an ensemble, each a fused stack or a model graph; else refused. */
    public CertifiedStage(List<? extends Network> members) {
        boolean bounded = !members.isEmpty();
        for (Network m : members) {
            bounded &= m instanceof SequenceClassifier || m instanceof Graph;
        }
        if (!bounded) {
            bounds = Optional.empty();
            refusal = members.isEmpty() ? "certified radius: no model" : "certified radius: no bound rules for a "
                    + members.stream().filter(m -> !(m instanceof SequenceClassifier || m instanceof Graph)).findFirst().orElseThrow()
                    .getClass().getSimpleName();
        } else {
            bounds = Optional.of(members.size() == 1 ? new ClassifierBounds(members.get(0)) : new EnsembleBounds(members));
            refusal = null;
        }
    }

    /**
     * Why a model of these members cannot be certified on windows of {@code steps} steps (a graph op without a bound rule,
     * named), or empty when it can; unrolls the model once to find out.
     */
    public static Optional<String> refusal(List<? extends Network> members, int steps) {
        CertifiedStage s = new CertifiedStage(members);
        return s.bounds.isEmpty() ? Optional.of(s.refusal) : s.bounds.get().refusal(steps);
    }

    @Override
    public StageKey<Certifier.Settings, Certification> key() {
        return KEY;
    }

    @Override
    public List<StageOption> options() {
        return List.of(EVERY, PASSES, TOLERANCE);
    }

    @Override
    public Optional<Certifier.Settings> settings(OptionValues values) {
        int every = values.integer(EVERY);
        return every == 0 ? Optional.empty()
                : Optional.of(new Certifier.Settings(values.integer(PASSES), values.number(TOLERANCE), every));
    }

    /** Reads the attack's and PGD's flips (the search's seed and cap), when they ran. */
    @Override
    public List<StageKey<?, ?>> inputs() {
        return List.of(AttackStage.KEY, PgdStage.KEY);
    }

    @Override
    public List<Certification> run(StageInput in, Certifier.Settings settings) {
        int n = in.size();
        Certification[] out = new Certification[n];
        if (bounds.isEmpty()) {
            java.util.Arrays.fill(out, new Certification.Refused(refusal));
            return List.of(out);
        }
        Optional<String> unbounded = bounds.get().refusal(in.steps());
        if (unbounded.isPresent()) {
            java.util.Arrays.fill(out, new Certification.Refused("certified radius: " + unbounded.get()));
            return List.of(out);
        }
        Optional<List<AttackOutcome>> attacks = in.result(AttackStage.KEY);
        Optional<List<PgdOutcome>> pgd = in.result(PgdStage.KEY);
        Certifier certifier = new Certifier(bounds.get(), settings);
        int T = in.steps(), D = in.width();
        double[] values = in.hostValues();
        // What the batch's earlier windows found (their L2 certificates; L∞ ÷ L2): the next windows' seeds.
        GeometricMean certified = new GeometricMean(), linfToL2 = new GeometricMean();
        for (int r = 0; r < n; r++) {
            int offset = (in.from() + r) * D;
            if (settings.every() > 1 && Math.floorMod(windowHash(values, offset, D), settings.every()) != 0) {
                out[r] = Certification.NOT_RUN;
                continue;
            }
            final int row = r;
            OptionalDouble flip = smallestFlip(attacks.map(a -> a.get(row)), pgd.map(p -> p.get(row)));
            double linear = DistanceEstimates.linear(in.decision(r).margin(), in.gradientNorm(r));
            int k = in.decision(r).predicted();
            Certificate l2;
            double cap = flip.orElse(Double.POSITIVE_INFINITY);
            if (certified.known() && certified.value() < cap / 2) {
                l2 = certifier.certify(values, offset, T, k, Norm.L2, certified.value(), SEEDED_SPREAD, flip, 0, Double.NaN);
            } else {
                l2 = certifier.certify(values, offset, T, k, Norm.L2, firstSeed(flip, linear), flip, 0, Double.NaN);
            }
            certified.add(l2.radius());
            // An L∞ ball of radius ρ/√D lies inside the L2 ball of radius ρ: proven already.
            double within = l2.radius() / Math.sqrt(D);
            double margin = within > 0 ? l2.marginLower() : Double.NaN;
            Certificate linf;
            if (within > 0 && linfToL2.known()) {
                linf = certifier.certify(values, offset, T, k, Norm.LINF, Math.max(within, l2.radius() * linfToL2.value()), SEEDED_SPREAD,
                        flip, within, margin);
            } else {
                linf = certifier.certify(values, offset, T, k, Norm.LINF, firstSeed(flip, linear) / Math.sqrt(D), flip, within, margin);
            }
            if (within > 0) {
                linfToL2.add(linf.radius() / l2.radius());
            }
            boolean bracketed = flip.isPresent() && l2.radius() >= flip.getAsDouble() / (1 + settings.tolerance());
            out[r] = new Certification.Proven(l2, linf, bracketed);
        }
        return List.of(out);
    }

    /** The spread assumed for a seed taken from the batch's earlier windows (one model's certificates on nearby windows). */
    static final double SEEDED_SPREAD = 1.5;

    /** An L2 seed with nothing learned from the batch: a third of the flip distance, else the linear estimate, else 1. */
    private static double firstSeed(OptionalDouble flip, double linear) {
        return flip.isPresent() ? flip.getAsDouble() / 3 : Double.isFinite(linear) && linear > 0 ? linear : 1.0;
    }

    /** A running geometric mean of positive values (zeros left out); known after the first. */
    private static final class GeometricMean {
        private double logSum;
        private int count;

        void add(double v) {
            if (v > 0 && Double.isFinite(v)) {
                logSum += Math.log(v);
                count++;
            }
        }

        boolean known() {
            return count > 0;
        }

        double value() {
            return Math.exp(logSum / count);
        }
    }

    /** A hash of the window's values: which windows a sampled run certifies, the same however the windows are batched. */
    static int windowHash(double[] values, int offset, int width) {
        long h = 1125899906842597L;
        for (int i = offset; i < offset + width; i++) {
            h = 31 * h + Double.doubleToLongBits(values[i]);
        }
        return (int) (h ^ (h >>> 32));
    }

    private static OptionalDouble smallestFlip(Optional<AttackOutcome> attack, Optional<PgdOutcome> pgd) {
        double best = Double.POSITIVE_INFINITY;
        if (attack.isPresent() && attack.get() instanceof AttackOutcome.Flip f) {
            best = f.distance();
        }
        if (pgd.isPresent() && pgd.get().firstFlippingRadius().isPresent()) {
            best = Math.min(best, pgd.get().firstFlippingRadius().getAsDouble());
        }
        return Double.isFinite(best) ? OptionalDouble.of(best) : OptionalDouble.empty();
    }
}
