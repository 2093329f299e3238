package io.brink.engine;

import io.brink.engine.device.GemmWork;

import java.util.List;
import java.util.Map;

/**
 * Profiles of a batch of windows, with the wall time, the summed per-stage worker time and the
 * matrix-product work (FLOPs, worker time in products and in operand copies) the batch took.
 */
public record BatchProfile(List<WindowProfile> windows, long wallNanos, Map<Stage, Long> stageNanos, GemmWork gemm) {
}
