package io.brink.config;

import io.brink.engine.stage.StageSettings;

/**
 * Which windows get tier 1 (the stages its settings turn on: by default the eigenpair, the second-order estimates and
 * the verified attack) and how it runs.
 *
 * @param marginBelow   tier 0 flags a window whose margin is below this (logits)
 * @param distanceBelow tier 0 flags a window whose linear distance is below this (normalized input space)
 * @param every         every Nth window of a series gets tier 1 regardless (0 = never)
 * @param maxPending    the compute budget: tier-1 windows waiting at most (flagged ones first; past it, selections are skipped)
 * @param batchSize     tier-1 windows profiled together at most
 * @param flushMs       tier-1 windows wait at most this long (ms, wall clock) for a fuller batch
 * @param overflow      what a selection meets when {@code maxPending} windows wait
 * @param stages        the profile stages tier 1 runs and their settings (the {@code tier1.<option>} keys the stages
 *                      declare; the certified radius has its own budget there, one window in {@code tier1.certify.every})
 */
public record Tier1Policy(double marginBelow, double distanceBelow, int every, int maxPending, int batchSize, long flushMs,
                          Overflow overflow, StageSettings stages) {

    public Tier1Policy {
        java.util.Objects.requireNonNull(overflow, "overflow");
        java.util.Objects.requireNonNull(stages, "stages");
    }

    /** A full tier-1 queue: skip the selection (counted), or make the stream thread wait for tier 1 (backpressure). */
    public enum Overflow { SKIP, WAIT }
}
