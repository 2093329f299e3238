package io.brink.engine.stage;

import io.brink.engine.algorithm.Decision;
import io.brink.engine.algorithm.HessianOperator;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a stage sees of a slice of windows {@code from .. from+n-1} of a batch: the device with its two tapes
 * ({@code primal} holds the slice's forward and the margin's gradient kept for Hessian-vector products; {@code scratch}
 * serves passes at other points), the windows on the device and on the host (normalized, batch-first T·d rows), each
 * window's decision, the margin's gradient and its norm, and the results of the stages that ran before. Random
 * streams are seeded by {@link #seed()} and each window's index in the batch ({@link #from()} + row), not by the
 * slicing. Built by the engine's profiler, one per slice.
 */
public final class StageInput {

    private final Device device;
    private final Tape primal;
    private final Tape scratch;
    private final Block x;
    private final int from;
    private final int n;
    private final double[] values;
    private final int steps;
    private final int features;
    private final List<Optional<double[]>> startVectors;
    private final Decision[] decisions;
    private final int[] predicted;
    private final Block gradient;
    private final double[] gradientNorms;
    private final Optional<double[]> memberProbabilities;
    private final Objective margin;
    private final HvpMode hvpMode;
    private final long seed;
    private final Map<StageKey<?, ?>, List<?>> earlier = new HashMap<>();
    private HessianOperator hessian;

    /**
     * @param values              the whole batch's windows (row {@code from + r} is the slice's row r)
     * @param startVectors        per window of the slice, a warm start for the eigenvector, or empty (the list may be empty)
     * @param memberProbabilities for an ensemble, the members' softmax rows at the forward ([n][members][L]), else empty
     * @param margin              the objective differentiated into {@code gradient}, z_j − z_k̂ per window (its Hessian-vector products too)
     */
    public StageInput(Device device, Tape primal, Tape scratch, Block x, int from, int n, double[] values, int steps, int features,
                      List<Optional<double[]>> startVectors, Decision[] decisions, Block gradient, double[] gradientNorms,
                      Optional<double[]> memberProbabilities, Objective margin, HvpMode hvpMode, long seed) {
        this.device = Objects.requireNonNull(device);
        this.primal = primal;
        this.scratch = scratch;
        this.x = x;
        this.from = from;
        this.n = n;
        this.values = values;
        this.steps = steps;
        this.features = features;
        this.startVectors = startVectors;
        this.decisions = decisions;
        this.predicted = new int[n];
        for (int r = 0; r < n; r++) {
            predicted[r] = decisions[r].predicted();
        }
        this.gradient = gradient;
        this.gradientNorms = gradientNorms;
        this.memberProbabilities = memberProbabilities;
        this.margin = margin;
        this.hvpMode = hvpMode;
        this.seed = seed;
    }

    public Device device() {
        return device;
    }

    /** The tape holding the slice's forward and the margin's gradient (for Hessian-vector products). */
    public Tape primal() {
        return primal;
    }

    /** The tape for passes at other points. */
    public Tape scratch() {
        return scratch;
    }

    /** The slice's windows on the device (n rows of T·d). */
    public Block windows() {
        return x;
    }

    /** The first window's index in the batch. */
    public int from() {
        return from;
    }

    /** The number of windows in the slice. */
    public int size() {
        return n;
    }

    /** The whole batch's windows on the host; the slice's row r starts at {@code (from() + r) · width()}. */
    public double[] hostValues() {
        return values;
    }

    /** T, steps per window. */
    public int steps() {
        return steps;
    }

    /** d, features per step. */
    public int features() {
        return features;
    }

    /** D = T·d. */
    public int width() {
        return steps * features;
    }

    /** Per window, a warm start for the top eigenvector or empty; the list may be empty (no warm starts at all). */
    public List<Optional<double[]>> startVectors() {
        return startVectors;
    }

    /** Window r's decision (prediction, runner-up, margin in logits). */
    public Decision decision(int r) {
        return decisions[r];
    }

    /** Each window's predicted class. */
    public int[] predicted() {
        return predicted.clone();
    }

    /** ∇ₓ(z_j − z_k̂) of the slice on the device (n rows of T·d). */
    public Block gradient() {
        return gradient;
    }

    /** ‖∇ₓ(z_j − z_k̂)‖₂ of window r (logits per normalized unit). */
    public double gradientNorm(int r) {
        return gradientNorms[r];
    }

    /** For an ensemble, the members' softmax rows at the forward ([n][members][L] flat), else empty. */
    public Optional<double[]> memberProbabilities() {
        return memberProbabilities;
    }

    public long seed() {
        return seed;
    }

    /** The margin's Hessian-vector products at the slice's windows, by the options' mode (built on first use). */
    public HessianOperator hessian() {
        if (hessian == null) {
            hessian = HessianOperator.of(hvpMode, device, primal, scratch, x, margin);
        }
        return hessian;
    }

    /** The results of {@code key}'s stage for the slice, when it ran before this one. */
    @SuppressWarnings("unchecked")
    public <R> Optional<List<R>> result(StageKey<?, R> key) {
        return Optional.ofNullable((List<R>) earlier.get(key));
    }

    /** Records a stage's results for the stages after it (the profiler's call). */
    public <R> void put(StageKey<?, R> key, List<R> results) {
        if (results.size() != n) {
            throw new IllegalStateException("stage " + key.name() + " returned " + results.size() + " results for " + n + " windows");
        }
        for (R r : results) {
            key.result().cast(Objects.requireNonNull(r, key.name()));
        }
        earlier.put(key, List.copyOf(results));
    }
}
