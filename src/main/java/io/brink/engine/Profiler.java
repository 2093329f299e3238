package io.brink.engine;

import io.brink.engine.algorithm.Curvature;
import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.DistanceEstimates;
import io.brink.engine.algorithm.PredictiveSpread;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.ProfileStage;
import io.brink.engine.stage.StageInput;
import io.brink.engine.stage.StagePlan;
import io.brink.engine.stage.StageResults;
import io.brink.engine.stage.StageSettings;
import io.brink.engine.stage.Stages;
import io.brink.engine.stage.UncertaintyStage;
import io.brink.model.Network;
import io.brink.model.UncertaintyMethod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a robustness profile for one slice of a batch on one device, and times it: the forward and the margin's
 * gradient, then every registered stage the options turn on ({@link Stages}, in {@link StagePlan}'s order; the
 * uncertainty stage always, with the model's method), then the distance estimates. It only orchestrates; each stage
 * is its own class.
 *
 * <p>Two tapes: {@code primal} holds the slice's forward and the gradient kept for Hessian-vector products (Lanczos
 * and Hutchinson differentiate there); {@code scratch} serves every pass at other points (finite-difference gradients,
 * the attack's iterates, perturbed windows). Not thread-safe.
 */
final class Profiler implements AutoCloseable {

    private final Device device;
    private final UncertaintyMethod uncertainty;
    private final Tape primal;
    private final Tape scratch;
    private final StagePlan plan;
    private final Map<String, Long> stageNanos = new LinkedHashMap<>();

    Profiler(Device device, UncertaintyMethod uncertainty, List<? extends Network> members) {
        this.device = device;
        this.uncertainty = uncertainty;
        this.plan = StagePlan.of(Stages.forModel(members));
        this.primal = device.tape();
        this.scratch = device.tape();
        for (String name : timingNames(plan)) {
            stageNanos.put(name, 0L);
        }
    }

    /** The timing names in the order a profile runs them: forward, gradient, the stages, estimates. */
    static List<String> timingNames(StagePlan plan) {
        List<String> names = new ArrayList<>();
        names.add(BatchProfile.FORWARD);
        names.add(BatchProfile.GRADIENT);
        names.addAll(plan.names());
        names.add(BatchProfile.ESTIMATES);
        return names;
    }

    /** Worker nanoseconds spent per timing name so far (a live view; read it between batches). */
    Map<String, Long> stageNanos() {
        return Collections.unmodifiableMap(stageNanos);
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
            Optional<double[]> memberProbabilities = uncertainty instanceof UncertaintyMethod.Ensemble
                    ? Optional.of(PredictiveSpread.softmaxRows(primal.memberOutputs(), n * device.members(), L)) : Optional.empty();
            Decision[] decisions = new Decision[n];
            int[] predicted = new int[n];
            int[] runnerUp = new int[n];
            for (int r = 0; r < n; r++) {
                decisions[r] = Decision.of(logits, r * L, L);
                predicted[r] = decisions[r].predicted();
                runnerUp[r] = decisions[r].runnerUp();
            }
            long t = tick(BatchProfile.FORWARD, t0);

            Objective margin = new Objective.LogitDifference(runnerUp, predicted);
            primal.gradientForHessian(margin, grad);
            double[] gradNorm = device.norm(grad, Device.range(n));
            t = tick(BatchProfile.GRADIENT, t);
            Optional<List<WindowOutcome>> withoutUnsound = setAsideUnsound(batch, from, n, L, logits, gradNorm, o);
            if (withoutUnsound.isPresent()) {
                return withoutUnsound.get();
            }

            StageInput in = new StageInput(device, primal, scratch, x, from, n, batch.values(), batch.steps(), batch.features(),
                    batch.startVectors(from, to), decisions, grad, gradNorm, memberProbabilities, margin, o.hvpMode(), o.seed());
            StageSettings settings = o.stages().with(UncertaintyStage.KEY, uncertainty);
            StageResults[] results = new StageResults[n];
            java.util.Arrays.fill(results, StageResults.NONE);
            String[] unsound = new String[n];
            for (ProfileStage<?, ?> stage : plan.order()) {
                if (settings.has(stage.key())) {
                    runStage(stage, in, settings, results, unsound);
                    t = tick(stage.key().name(), t);
                }
            }
            DistanceEstimates[] distances = new DistanceEstimates[n];
            for (int r = 0; r < n; r++) {
                double m = decisions[r].margin();
                Optional<Curvature> c = results[r].get(CurvatureStage.KEY);
                distances[r] = c.isEmpty() ? DistanceEstimates.firstOrder(m, gradNorm[r])
                        : DistanceEstimates.of(m, gradNorm[r], c.get().eigenvalue(), c.get().gradientAlongEigenvector());
            }
            tick(BatchProfile.ESTIMATES, t);

            double[] windowNorms = device.norm(x, Device.range(n));
            double[][] gradients = o.keepGradient() ? device.downloadRows(grad, n) : null;
            List<WindowOutcome> out = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                double[] logitRow = new double[L];
                System.arraycopy(logits, r * L, logitRow, 0, L);
                Optional<double[]> g = gradients != null ? Optional.of(gradients[r]) : Optional.empty();
                WindowProfile p = new WindowProfile(decisions[r], logitRow, gradNorm[r], g, distances[r], windowNorms[r], results[r]);
                String stageReason = unsound[r];
                Optional<String> why = p.nonFinite().or(() -> Optional.ofNullable(stageReason));
                out.add(why.<WindowOutcome>map(WindowOutcome.Unscorable::new).orElse(p));
            }
            return out;
        }
    }

    /** Runs one stage on the slice, adds each window's result, and notes the first non-finite result per window. */
    private static <S, R> void runStage(ProfileStage<S, R> stage, StageInput in, StageSettings settings, StageResults[] results,
                                        String[] unsound) {
        List<R> out = stage.run(in, settings.get(stage.key()).orElseThrow());
        in.put(stage.key(), out);
        for (int r = 0; r < results.length; r++) {
            R v = out.get(r);
            results[r] = results[r].with(stage.key(), v);
            if (unsound[r] == null) {
                unsound[r] = stage.nonFinite(v).orElse(null);
            }
        }
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

    private long tick(String name, long since) {
        long now = System.nanoTime();
        stageNanos.merge(name, now - since, Long::sum);
        return now;
    }

    @Override
    public void close() {
        device.close();
    }
}
