package io.brink.model.graph;

/**
 * A linear op that only moves values of its first input: y[k] = x[src[k]] (Transpose, Reshape, Gather, Slice, Expand,
 * Squeeze, …). Lᵀ scatters and adds: x̄[src[k]] += ȳ[k]. The other inputs (shapes, indices) are parameters.
 */
public abstract class GatherMapOp extends LinearOp {

    /** The output shape and, per output element, the input element it takes. */
    protected record Moves(int[] shape, int[] src) {
    }

    protected abstract Moves moves(Tensor[] in);

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    @Override
    protected Tensor[] apply(Tensor[] in) {
        Moves m = moves(in);
        double[] x = in[0].data();
        double[] y = new double[m.src.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = x[m.src[k]];
        }
        return new Tensor[] {new Tensor(m.shape, y)};
    }

    @Override
    protected Tensor[] transpose(Tensor[] in, Tensor[] outBar) {
        Moves m = moves(in);
        double[] xb = new double[in[0].size()];
        double[] yb = outBar[0].data();
        for (int k = 0; k < yb.length; k++) {
            xb[m.src[k]] += yb[k];
        }
        Tensor[] r = new Tensor[in.length];
        r[0] = new Tensor(in[0].shape(), xb);
        return r;
    }

    /** The identity moves of a tensor of n elements, under {@code shape}. */
    protected static Moves same(int[] shape, int n) {
        int[] src = new int[n];
        for (int k = 0; k < n; k++) {
            src[k] = k;
        }
        return new Moves(shape, src);
    }

    /** A shape tensor's entries as ints. */
    public static int[] ints(Tensor t) {
        double[] d = t.data();
        int[] r = new int[d.length];
        for (int k = 0; k < d.length; k++) {
            r[k] = (int) d[k];
        }
        return r;
    }

    /** For each element of a tensor of shape {@code outShape}, its multi-index → source offset, by a visitor. */
    protected interface Source {
        int of(int[] index);
    }

    protected static int[] map(int[] outShape, Source source) {
        int n = Tensor.checkedSize(outShape);
        int[] src = new int[n];
        int[] idx = new int[outShape.length];
        for (int k = 0; k < n; k++) {
            src[k] = source.of(idx);
            for (int i = outShape.length - 1; i >= 0; i--) {
                if (++idx[i] < outShape[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return src;
    }
}
