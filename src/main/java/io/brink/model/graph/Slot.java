package io.brink.model.graph;

/**
 * What one evaluation of a graph keeps for one node between its passes (a fused recurrent cell's kernels and caches),
 * and the fused cells of the device the evaluation runs on.
 */
public final class Slot {

    private final CellFactory cells;
    private Object state;

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
}
