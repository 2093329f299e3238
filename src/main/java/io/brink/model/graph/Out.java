package io.brink.model.graph;

/**
 * Where one pass of one node writes its arrays: the node's {@link Slot} buffers for that pass (kept from call to call
 * while the lengths stay the same), or fresh arrays ({@link #FRESH}). Index k names one array of the pass: the op's
 * k-th result, or a temporary at an index no result of the same pass uses. An array's contents are left from its last
 * use: an op either writes every entry of {@link #array} or asks for {@link #zeroed}.
 */
public final class Out {

    /** Fresh arrays every time (ops evaluated outside a run). */
    public static final Out FRESH = new Out(null, null);

    private final Slot slot;
    private final Slot.Pass pass;

    Out(Slot slot, Slot.Pass pass) {
        this.slot = slot;
        this.pass = pass;
    }

    /** Array {@code index} of {@code length}, contents unspecified. */
    public double[] array(int index, int length) {
        return slot == null ? new double[length] : slot.array(pass, index, length);
    }

    /** Array {@code index} of {@code length}, all zeros. */
    public double[] zeroed(int index, int length) {
        if (slot == null) {
            return new double[length];
        }
        double[] b = slot.array(pass, index, length);
        java.util.Arrays.fill(b, 0);
        return b;
    }
}
