package io.brink.model.graph;

/**
 * What one evaluation of a graph keeps for one node between its passes (a fused recurrent cell's kernels and caches,
 * the arrays its passes write), and the fused cells of the device the evaluation runs on.
 *
 * <p>Buffers: a node's pass writes its results into arrays the slot keeps, one per pass and index, made on the first
 * pass and again only when the length changes (a new batch size) — the graph's buffers are planned once per
 * evaluation and batch size instead of allocated per op and pass. What a pass returned stays valid until the same
 * node runs the same pass again: values until the next forward, adjoints until the next reverse, and so on, which is
 * what {@link GraphRun} keeps them for. Ops reach them through {@link Out}; called without a slot (tests, constant
 * folding) they get fresh arrays.
 */
public final class Slot {

    /** Which pass a buffer belongs to. */
    public enum Pass {
        FORWARD, TANGENT, REVERSE, TANGENT_REVERSE
    }

    private final double[][][] buffers = new double[Pass.values().length][][];

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

    /** Where {@code pass} of the node writes: this slot's buffers for it, or fresh arrays where {@code slot} is null. */
    public static Out out(Slot slot, Pass pass) {
        return slot == null ? Out.FRESH : new Out(slot, pass);
    }

    /** The array kept for {@code pass}'s index {@code index}, of {@code length}: the last one if its length matches. */
    double[] array(Pass pass, int index, int length) {
        double[][] forPass = buffers[pass.ordinal()];
        if (forPass == null || forPass.length <= index) {
            forPass = java.util.Arrays.copyOf(forPass == null ? new double[0][] : forPass, index + 1);
            buffers[pass.ordinal()] = forPass;
        }
        double[] b = forPass[index];
        if (b == null || b.length != length) {
            b = new double[length];
            forPass[index] = b;
        }
        return b;
    }

    /** Whether the run uses the adjoint of input {@code i}; true where there is no slot. */
    public static boolean needsAdjoint(Slot slot, int i) {
        return slot == null || slot.needsAdjoint(i);
    }

    void adjointNeeded(boolean[] needed) {
        this.adjointNeeded = needed.clone();
    }
}
