package io.brink.engine;

/** The stages of a robustness profile, for timing and reporting. */
public enum Stage {
    FORWARD,
    GRADIENT,
    CURVATURE,
    HUTCHINSON,
    ESTIMATES,
    ATTACK,
    PGD,
    CERTIFIED,
    RANDOM_DIRECTIONS,
    UNCERTAINTY
}
