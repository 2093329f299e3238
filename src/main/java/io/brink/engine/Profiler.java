package io.brink.engine;

import io.brink.engine.algorithm.Attack;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.engine.algorithm.FlipProbabilities;
import io.brink.engine.algorithm.HessianOperator;
import io.brink.engine.algorithm.Hutchinson;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.algorithm.PredictiveSpread;
import io.brink.engine.algorithm.StochasticPasses;
import io.brink.engine.algorithm.RandomDirections;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;
import io.brink.model.Network;
import io.brink.model.UncertaintyMethod;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs the stages of a robustness profile for one slice of a batch on one device, and times them: the
 * forward and the margin's gradient, then Lanczos, Hutchinson, the distance estimates, the attack and
 * PGD, the certified radius and random directions, as the options ask, and the predictive spread of its uncertainty method. It only orchestrates; each stage is its algorithm's class.
 *
 * <p>Two tapes: {@code primal} holds the slice's forward and the gradient kept for Hessian-vector
 * products (Lanczos and Hutchinson differentiate there); {@code scratch} serves every pass at other
 * points (finite-difference gradients, the attack's iterates, perturbed windows). Not thread-safe.
 */
final class Profiler implements AutoCloseable {

    private final Device device;
    private final UncertaintyMethod uncertainty;
    private final Tape primal;
    private final Tape scratch;
    private final long[] stageNanos = new long[Stage.values().length];
    private final CertifiedStage certified;

    Profiler(Device device, UncertaintyMethod uncertainty, List<? extends Network> members) {
        this.device = device;
        this.uncertainty = uncertainty;
        this.certified = new CertifiedStage(members);
        this.primal = device.tape();
        this.scratch = device.tape();
    }

    long[] stageNanos() {
        return stageNanos;
    }

    Device device() {
        return device;
    }

    GemmWork gemmWork() {
        return device.work();
    }

    /**
     * Profiles windows {@code from .. to-1} of {@code batch}. Random streams depend on each window's index in
     * the batch, not on the slicing.
     */
    List<WindowOutcome> profile(WindowBatch batch, int from, int to, ProfileOptions o) {
        final int n = to - from, L = device.outputs(), D = batch.steps() * batch.features();
        long t0 = System.nanoTime();
        try (Block x = device.upload(batch.values(), from, n, D); Block grad = device.zeros(n, D)) {
            double[] logits = primal.forward(x, n);
            double[] memberProbabilities = uncertainty instanceof UncertaintyMethod.Ensemble
                    ? PredictiveSpread.softmaxRows(primal.memberOutputs(), n * device.members(), L) : null;
            Decision[] decisions = new Decision[n];
            int[] predicted = new int[n];
            int[] runnerUp = new int[n];
            for (int r = 0; r < n; r++) {
                decisions[r] = Decision.of(logits, r * L, L);
                predicted[r] = decisions[r].predicted();
                runnerUp[r] = decisions[r].runnerUp();
            }
            long t1 = tick(Stage.FORWARD, t0);

            Objective margin = new Objective.LogitDifference(runnerUp, predicted);
            primal.gradientForHessian(margin, grad);
            double[] gradNorm = device.norm(grad, Device.range(n));
            long t2 = tick(Stage.GRADIENT, t1);
            Optional<List<WindowOutcome>> withoutUnsound = setAsideUnsound(batch, from, n, L, logits, gradNorm, o);
            if (withoutUnsound.isPresent()) {
                return withoutUnsound.get();
            }

            HessianOperator hessian = HessianOperator.of(o.hvpMode(), device, primal, scratch, x, margin);
            Curvature[] curvature = o.curvature()
                    .map(s -> new Lanczos(device, hessian, s).run(grad, n, batch.startVectors(from, to), o.seed(), from))
                    .orElse(null);
            long t3 = tick(Stage.CURVATURE, t2);
            double[] frobenius = o.hutchinson().map(s -> new Hutchinson(device, hessian, s).run(n, D, o.seed(), from)).orElse(null);
            long t4 = tick(Stage.HUTCHINSON, t3);
            DistanceEstimates[] distances = new DistanceEstimates[n];
            for (int r = 0; r < n; r++) {
                double t = decisions[r].margin();
                distances[r] = curvature == null ? DistanceEstimates.firstOrder(t, gradNorm[r])
                        : DistanceEstimates.of(t, gradNorm[r], curvature[r].eigenvalue(), curvature[r].gradientAlongEigenvector());
            }
            long t5 = tick(Stage.ESTIMATES, t4);
            AttackOutcome[] attacks0 = o.attack().map(s -> new Attack(device, scratch, s).run(x, n, predicted)).orElse(null);
            long t6 = tick(Stage.ATTACK, t5);
            Pgd.Result pgdResult = o.pgd().map(s -> new Pgd(device, scratch, s).run(x, n, predicted)).orElse(null);
            List<List<Pgd.Flip>> pgd = pgdResult == null ? null : pgdResult.flips();
            AttackOutcome[] attacks = attacks0 != null && pgdResult != null
                    ? new Attack(device, scratch, o.attack().orElseThrow()).refine(x, n, predicted, attacks0, pgdResult.perturbations(),
                    pgdResult.after())
                    : attacks0;
            long t6a = tick(Stage.PGD, t6);
            Certification[] certs = o.certify()
                    .map(s -> certified.run(batch, from, n, s, decisions, distances, attacks, pgd)).orElse(null);
            long t6b = tick(Stage.CERTIFIED, t6a);
            FlipProbabilities[] random = o.randomDirections()
                    .map(s -> new RandomDirections(device, scratch, s).run(x, n, predicted, o.seed(), from)).orElse(null);
            long t7 = tick(Stage.RANDOM_DIRECTIONS, t6b);
            PredictiveSpread[] spread = spread(x, n, from, decisions, memberProbabilities, o.seed());
            tick(Stage.UNCERTAINTY, t7);

            double[] windowNorms = device.norm(x, Device.range(n));
            double[][] gradients = o.keepGradient() ? device.downloadRows(grad, n) : null;
            List<WindowOutcome> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                double[] logitRow = new double[L];
                System.arraycopy(logits, r * L, logitRow, 0, L);
                Optional<double[]> g = gradients != null ? Optional.of(gradients[r]) : Optional.empty();
                WindowProfile p = new WindowProfile(decisions[r], logitRow, gradNorm[r], g,
                        curvature == null ? Optional.empty() : Optional.of(curvature[r]),
                        frobenius == null ? OptionalDouble.empty() : OptionalDouble.of(frobenius[r]), distances[r],
                        attacks == null ? AttackOutcome.NOT_RUN : attacks[r],
                        random == null ? Optional.empty() : Optional.of(random[r]),
                        pgd == null ? Optional.empty() : Optional.of(pgd.get(r)), spread[r],
                        certs == null ? Certification.NOT_RUN : certs[r], windowNorms[r]);
                out.add(p.nonFinite().<WindowOutcome>map(WindowOutcome.Unscorable::new).orElse(p));
            }
            return out;
        }
    }

    /**
     * Each window's predictive spread: from the ensemble's members (their probabilities at the primal forward), from
     * S noisy or MC-dropout passes on the scratch tape, or, for one deterministic model, its own probabilities.
     */
    private PredictiveSpread[] spread(Block x, int n, int from, Decision[] decisions, double[] memberProbabilities, long seed) {
        final int L = device.outputs();
        PredictiveSpread[] out = new PredictiveSpread[n];
        String method = uncertainty.name();
        double[] passes = null;
        int m = uncertainty.members();
        if (uncertainty instanceof UncertaintyMethod.Ensemble) {
            passes = memberProbabilities;
        } else if (uncertainty instanceof UncertaintyMethod.InputNoise noise) {
            passes = new StochasticPasses(device, scratch).noise(x, n, noise.passes(), noise.sigma(), seed, from);
        } else if (uncertainty instanceof UncertaintyMethod.McDropout d) {
            passes = new StochasticPasses(device, scratch).dropout(x, n, d.passes(), d.rate(),
                    d.layers().stream().mapToInt(Integer::intValue).toArray(), seed, from);
        }
        for (int r = 0; r < n; r++) {
            out[r] = passes == null ? PredictiveSpread.single(method, decisions[r].probabilities())
                    : PredictiveSpread.of(method, passes, r * m * L, m, L);
        }
        return out;
    }

    /**
     * When some windows' values, logits or gradient norms are not finite (the recurrent kernels' clamped
     * activations would turn a NaN input into finite numbers): those windows' outcomes say why, and the
     * others are profiled again as a batch of their own, so that no NaN reaches the Krylov and attack stages
     * (which would spend their budgets on it). Empty when every window is sound.
     */
    private Optional<List<WindowOutcome>> setAsideUnsound(WindowBatch batch, int from, int n, int L, double[] logits,
                                                          double[] gradNorm, ProfileOptions o) {
        String[] reasons = new String[n];
        int unsound = 0;
        int D = batch.steps() * batch.features();
        double[] values = batch.values();
        for (int r = 0; r < n; r++) {
            for (int i = (from + r) * D, end = i + D; i < end && reasons[r] == null; i++) {
                if (!Double.isFinite(values[i])) {
                    int at = i - (from + r) * D;
                    reasons[r] = "the window holds a non-finite value (" + values[i] + " at step " + at / batch.features()
                            + ", feature " + at % batch.features() + ")";
                }
            }
            if (reasons[r] == null) {
                double norm = gradNorm[r];
                reasons[r] = WindowProfile.nonFiniteLogits(logits, r * L, L).or(() -> WindowProfile.nonFiniteGradient(norm))
                        .orElse(null);
            }
            unsound += reasons[r] == null ? 0 : 1;
        }
        if (unsound == 0) {
            return Optional.empty();
        }
        int[] sound = new int[n - unsound];
        for (int r = 0, i = 0; r < n; r++) {
            if (reasons[r] == null) {
                sound[i++] = from + r;
            }
        }
        List<WindowOutcome> rest = sound.length == 0 ? List.of() : profile(batch.select(sound), 0, sound.length, o);
        List<WindowOutcome> out = new ArrayList<>(n);
        for (int r = 0, i = 0; r < n; r++) {
            out.add(reasons[r] != null ? new WindowOutcome.Unscorable(reasons[r]) : rest.get(i++));
        }
        return Optional.of(out);
    }

    private long tick(Stage stage, long since) {
        long now = System.nanoTime();
        stageNanos[stage.ordinal()] += now - since;
        return now;
    }

    @Override
    public void close() {
        device.close();
    }
}
