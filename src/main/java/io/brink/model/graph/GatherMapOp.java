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

    /** The moves of the last input shape and parameters (shared by the threads evaluating the graph; a race recomputes). */
    private volatile Cached cached;

    private record Cached(int[] shape, Tensor[] params, Moves moves) {
    }

    /** Whether the moves depend on the first input's values, not only on its shape (ReduceMax): never cached. */
    protected boolean movesReadValues() {
        return false;
    }

    private Moves cachedMoves(Tensor[] in) {
        if (movesReadValues()) {
            return moves(in);
        }
        Cached c = cached;
        int[] shape = in[0].shape();
        if (c != null && java.util.Arrays.equals(c.shape, shape) && c.params.length == in.length) {
            boolean same = true;
            for (int i = 1; i < in.length && same; i++) {
                same = c.params[i] == in[i] || c.params[i] != null && in[i] != null
                        && java.util.Arrays.equals(c.params[i].shape(), in[i].shape()) && java.util.Arrays.equals(c.params[i].data(), in[i].data());
            }
            if (same) {
                return c.moves;
            }
        }
        Moves m = moves(in);
        Tensor[] params = in.clone();
        params[0] = null;
        cached = new Cached(shape, params, m);
        return m;
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    @Override
    protected Tensor[] apply(Tensor[] in, Out out) {
        Moves m = cachedMoves(in);
        double[] x = in[0].data();
        double[] y = out.array(0, m.src.length);
        for (int k = 0; k < y.length; k++) {
            y[k] = x[m.src[k]];
        }
        return new Tensor[] {new Tensor(m.shape, y)};
    }

    @Override
    protected Tensor[] transpose(Tensor[] in, Tensor[] outBar, Out out) {
        Moves m = cachedMoves(in);
        double[] xb = out.zeroed(0, in[0].size());
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
