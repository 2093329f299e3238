package io.brink.model.graph;

/**
 * What a recurrent op (fused or unrolled) says of its outputs Y and Y_h: the layout, the directions and which run
 * backwards in time, the hidden size. MC dropout drops the units of Y and, consistently, of Y_h.
 */
public interface RecurrentNode extends Op {

    /** 0: Y [T, dirs, N, H], Y_h [dirs, N, H]; 1: Y [N, T, dirs, H], Y_h [N, dirs, H]. */
    int layout();

    int directions();

    /** Whether direction d runs from the last step to the first (its Y_h is then Y at step 0). */
    boolean reversed(int d);

    int hidden();
}
