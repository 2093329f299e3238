package io.brink.model.graph;

/** ONNX Transpose: y's axis i is x's axis perm[i] (default: reversed). */
public final class TransposeOp extends GatherMapOp {

    private final int[] perm;

    /** {@code perm} null: the axes reversed. */
    public TransposeOp(int[] perm) {
        this.perm = perm == null ? null : perm.clone();
    }

    @Override
    public String type() {
        return "Transpose";
    }

    @Override
    protected Moves moves(Tensor[] in) {
        int[] xs = in[0].shape();
        int rank = xs.length;
        int[] p = perm;
        if (p == null) {
            p = new int[rank];
            for (int i = 0; i < rank; i++) {
                p[i] = rank - 1 - i;
            }
        }
        if (p.length != rank) {
            throw new IllegalArgumentException("Transpose perm " + java.util.Arrays.toString(p) + " does not fit rank " + rank);
        }
        int[] out = new int[rank];
        int[] xst = Tensor.strides(xs);
        int[] st = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = xs[p[i]];
            st[i] = xst[p[i]];
        }
        return new Moves(out, map(out, idx -> {
            int o = 0;
            for (int i = 0; i < idx.length; i++) {
                o += idx[i] * st[i];
            }
            return o;
        }));
    }
}
