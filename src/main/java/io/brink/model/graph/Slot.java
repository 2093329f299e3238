package io.brink.model.graph;

/**
 * What one evaluation of a graph keeps for one node between its passes (a fused recurrent cell's kernels and caches),
 * and the fused cells of the device the evaluation runs on.
 */
public final class Slot {

    private final CellFactory cells;
    private Object state;
    /** Per input of the node: whether its adjoint is used (it depends on the window and derivatives flow through it). */
    private boolean[] adjointNeeded;

    public Slot(CellFactory cells) {
        this.cells = cells;
    }

    public CellFactory cells() {
        return cells;
    }

    /** What the node kept; null before its first forward. */
    public Object state() {
        return state;
    }

    public void state(Object value) {
        this.state = value;
    }

    /**
     * Whether the run uses the adjoint of the node's input {@code i} (false for a constant operand, such as a weight):
     * an op may skip computing an adjoint that would be dropped. True where the run did not say.
     */
    public boolean needsAdjoint(int i) {
        return adjointNeeded == null || i >= adjointNeeded.length || adjointNeeded[i];
    }

    void adjointNeeded(boolean[] needed) {
        this.adjointNeeded = needed.clone();
    }
}
