package io.brink.model.bounds;

import java.util.Optional;

/** A model whose margins can be bounded over a ball around a window: one network ({@link ClassifierBounds}) or an ensemble. */
public interface ModelBounds {

    /** Why windows of {@code steps} steps cannot be bounded (named), or empty when they can. */
    Optional<String> refusal(int steps);

    /** The margins' bounds of class {@code k} from one pass at the ball's radius (valid at every smaller radius). */
    MarginBounds marginBounds(double[] x, int offset, int steps, int k, Ball ball);

    /** min over j ≠ k of a lower bound of the margin of class k against j over the ball (logits). */
    double minMargin(double[] x, int offset, int steps, int k, Ball ball);

    /** Multiply-adds of the backward passes' Λ·W products so far (the passes' dominant cost), for benchmarks. */
    long multiplyAdds();
}
