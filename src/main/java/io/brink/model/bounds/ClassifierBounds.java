package io.brink.model.bounds;

import io.brink.model.SequenceClassifier;

import java.util.HashMap;
import java.util.Map;

/**
 * Lower bounds of a {@link SequenceClassifier}'s logit margins z_k − z_j over a ball of perturbations of one window, by
 * {@link Crown} over the network {@link Unrolled unrolled} for the window's length (kept per length). Not thread-safe.
 */
public final class ClassifierBounds {

    private final SequenceClassifier model;
    private final Map<Integer, Crown> byLength = new HashMap<>();

    public ClassifierBounds(SequenceClassifier model) {
        this.model = model;
    }

    public SequenceClassifier model() {
        return model;
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

    private Crown crown(int steps, int k) {
        if (k < 0 || k >= model.numClasses()) {
            throw new IllegalArgumentException("class " + k + " is not one of the model's " + model.numClasses());
        }
        return byLength.computeIfAbsent(steps, t -> new Crown(Unrolled.of(model, t)));
    }
}
