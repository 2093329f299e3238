package io.brink.model.bounds;

/**
 * One bound pass's lower bounds of a classifier's margins, valid for every radius up to the pass's: what
 * {@link Certifier} reads from a pass. {@link Margins} for one network; {@link EnsembleBounds}' for an ensemble's
 * log-mean-exp head.
 */
interface MarginBounds {

    /** The largest radius (≤ the pass's) at which every margin's lower bound is positive; 0 when none is. */
    double certifiedWithin();

    /** The smallest margin lower bound over the ball of radius {@code r} ≤ the pass's radius (logits). */
    double minLower(double r);
}
