package io.brink.model.bounds;

import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import io.brink.model.graph.Graph;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Lower bounds of a classifier's logit margins z_k − z_j over a ball of perturbations of one window, by {@link Crown}
 * over the network {@link Unrolled unrolled} for the window's length (kept per length): a {@link SequenceClassifier}
 * directly, a model {@link Graph} through {@link GraphUnroller} (refused with the node and op it has no rule for:
 * {@link #refusal}). Not thread-safe.
 */
public final class ClassifierBounds implements ModelBounds {

    private final Network model;
    private final Map<Integer, Crown> byLength = new HashMap<>();
    private final Map<Integer, String> refusedByLength = new HashMap<>();

    /** Bounds of a fixed-shape stack or a model graph; any other network is an IllegalArgumentException. */
    public ClassifierBounds(Network model) {
        if (!(model instanceof SequenceClassifier) && !(model instanceof Graph)) {
            throw new IllegalArgumentException("no bounds for a " + model.getClass().getSimpleName());
        }
        this.model = model;
    }

    public Network model() {
        return model;
    }

    /**
     * Why windows of {@code steps} steps cannot be bounded (an op of the graph without a bound rule, named), or empty
     * when they can. Unrolls the model for that length on first use.
     */
    @Override
    public Optional<String> refusal(int steps) {
        if (!byLength.containsKey(steps) && !refusedByLength.containsKey(steps)) {
            try {
                byLength.put(steps, new Crown(model instanceof Graph g ? GraphUnroller.of(g, steps)
                        : Unrolled.of((SequenceClassifier) model, steps)));
            } catch (GraphUnroller.NoBoundRule e) {
                refusedByLength.put(steps, e.getMessage());
            }
        }
        return Optional.ofNullable(refusedByLength.get(steps));
    }

    /**
     * For each class j, a lower bound of z_k − z_j over every window x + δ with δ in {@code ball} (+∞ at j = k); the
     * window is x[offset .. offset + steps·d − 1], batch-first.
     */
    public double[] marginLower(double[] x, int offset, int steps, int k, Ball ball) {
        return crown(steps, k).marginLower(x, offset, k, ball);
    }

    /** The margins' linear bounds from one pass at the ball's radius (valid at every smaller radius). */
    public Margins margins(double[] x, int offset, int steps, int k, Ball ball) {
        return crown(steps, k).margins(x, offset, k, ball);
    }

    @Override
    public MarginBounds marginBounds(double[] x, int offset, int steps, int k, Ball ball) {
        return margins(x, offset, steps, k, ball);
    }

    @Override
    public double minMargin(double[] x, int offset, int steps, int k, Ball ball) {
        return margins(x, offset, steps, k, ball).minLower(ball.radius());
    }

    @Override
    public long multiplyAdds() {
        return byLength.values().stream().mapToLong(Crown::multiplyAdds).sum();
    }

    private Crown crown(int steps, int k) {
        if (k < 0 || k >= model.numClasses()) {
            throw new IllegalArgumentException("class " + k + " is not one of the model's " + model.numClasses());
        }
        Optional<String> refused = refusal(steps);
        if (refused.isPresent()) {
            throw new IllegalStateException("no bounds for windows of " + steps + " steps: " + refused.get());
        }
        return byLength.get(steps);
    }
}
