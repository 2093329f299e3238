package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;

/**
 * v ↦ ∇²ₓg·v at the windows of one batch: row i of {@code out} gets the product for row i of {@code v} at
 * window {@code map[i]}. Lanczos and Hutchinson run over this, whichever way it is computed.
 */
@FunctionalInterface
public interface HessianOperator {

    /** Probe rows an algorithm hands to one call at most, and rows of one finite-difference pass (bounds the tapes' caches). */
    int MAX_ROWS = 1024;

    void apply(Block v, int[] map, Block out);

    /**
     * The operator for {@code mode}: exact products from {@code primal} (which must hold the windows' forward
     * and a gradient kept for Hessian-vector products), or central differences of exact gradients at the
     * windows {@code x} computed on {@code scratch}.
     */
    static HessianOperator of(HvpMode mode, Device device, Tape primal, Tape scratch, Block x, Objective objective) {
        return switch (mode) {
            case EXACT -> primal::hessianVector;
            case FINITE_DIFFERENCE -> new FiniteDifferenceHessian(device, scratch, x, objective);
        };
    }
}
