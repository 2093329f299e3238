package io.brink.engine.algorithm;

/**
 * What the verified attack did for one window: it did not run, it ran and found no flip within its
 * budget, or it found a perturbation δ that a forward pass confirms changes the class. Only then is there a
 * distance, and ‖δ‖ is a true upper bound on the window's distance to the decision boundary.
 */
public sealed interface AttackOutcome permits AttackOutcome.NotRun, AttackOutcome.NoFlip, AttackOutcome.Flip {

    /** The attack was not asked for. */
    record NotRun() implements AttackOutcome {
    }

    /** The attack ran and no perturbation it tried within its budget changed the class. */
    record NoFlip() implements AttackOutcome {
    }

    /**
     * A verified flip.
     *
     * @param distance       ‖δ‖₂ (in the model's normalized input space)
     * @param perturbation   δ, T·d values batch-first
     * @param predictedAfter the class predicted at x + δ
     * @param gradientSteps  linearization steps used
     */
    record Flip(double distance, double[] perturbation, int predictedAfter, int gradientSteps) implements AttackOutcome {
    }

    AttackOutcome NOT_RUN = new NotRun();
    AttackOutcome NO_FLIP = new NoFlip();
}
