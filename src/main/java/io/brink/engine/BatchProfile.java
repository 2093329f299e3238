package io.brink.engine;

import io.brink.engine.device.GemmWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the engine made of a batch of windows (one outcome per window, in order), with the wall time, the
 * summed worker time per part (forward, gradient, each stage by name, estimates) and the matrix-product work (FLOPs, worker time in products and in operand
 * copies) the batch took.
 */
public record BatchProfile(List<WindowOutcome> outcomes, long wallNanos, Map<String, Long> stageNanos, GemmWork gemm) {

    /** The timing names in {@link #stageNanos} of the parts that are not stages (stages are timed by their key's name). */
    public static final String FORWARD = "forward", GRADIENT = "gradient", ESTIMATES = "estimates";

    /**
     * The profiles, for callers whose windows are known to be scorable (benchmarks, tests on sound models);
     * an unscorable window is an IllegalStateException naming it and its reason.
     */
    public List<WindowProfile> windows() {
        List<WindowProfile> out = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof WindowOutcome.Unscorable u) {
                throw new IllegalStateException("window " + i + " cannot be scored: " + u.reason());
            }
            out.add((WindowProfile) outcomes.get(i));
        }
        return out;
    }
}
