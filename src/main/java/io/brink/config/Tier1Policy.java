package io.brink.config;

/**
 * Which windows get tier 1 (the eigenpair, second-order estimates and the verified attack) and how it runs.
 *
 * @param marginBelow   tier 0 flags a window whose margin is below this (logits)
 * @param distanceBelow tier 0 flags a window whose linear distance is below this (normalized input space)
 * @param every         every Nth window of a series gets tier 1 regardless (0 = never)
 * @param maxPending    the compute budget: tier-1 windows waiting at most (flagged ones first; past it, selections are skipped)
 * @param batchSize     tier-1 windows profiled together at most
 * @param flushMs       tier-1 windows wait at most this long (ms, wall clock) for a fuller batch
 * @param tolerance     Lanczos residual tolerance
 * @param maxHvp        Hessian-vector products per window at most
 * @param attack        run the verified attack
 * @param attackSteps   linearization steps of the attack
 * @param overflow      what a selection meets when {@code maxPending} windows wait
 * @param certifyEvery  the certified radius for one tier-1 window in this many (chosen by a hash of its values; 0 = never):
 *                      the stage's own budget, since a certificate costs seconds per window
 * @param certifyPasses bound propagations per certified window and norm
 */
public record Tier1Policy(double marginBelow, double distanceBelow, int every, int maxPending, int batchSize, long flushMs,
                          double tolerance, int maxHvp, boolean attack, int attackSteps, Overflow overflow,
                          int certifyEvery, int certifyPasses) {

    /** A full tier-1 queue: skip the selection (counted), or make the stream thread wait for tier 1 (backpressure). */
    public enum Overflow { SKIP, WAIT }
}
