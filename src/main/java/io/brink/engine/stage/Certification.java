package io.brink.engine.stage;

import io.brink.model.bounds.Certificate;

/**
 * The certified-radius stage's answer for one window: not asked for, refused (the model has no bound rules, or the
 * window's class is not the bounds' to prove) with the reason, or proven in L2 and L∞ (either radius may be 0: then
 * nothing is proven in that norm, which is not the same as a refusal).
 */
public sealed interface Certification {

    /** The stage did not run. */
    Certification NOT_RUN = new NotRun();

    /** The stage did not run. */
    record NotRun() implements Certification {
    }

    /** The stage ran and could not certify this model or window: {@code reason} says why. */
    record Refused(String reason) implements Certification {
    }

    /**
     * Certificates in both norms, and whether the L2 one meets a verified flip's distance within the search's
     * tolerance (the true distance is then known to that tolerance: the window is exactly bracketed).
     */
    record Proven(Certificate l2, Certificate linf, boolean bracketed) implements Certification {
    }
}
