package io.brink.model.graph;

/**
 * ONNX ReduceMax: y = max over {@code axes}. Its derivative is taken as a sub-gradient: the first maximal element in
 * row-major order carries the whole derivative (ẏ = ẋ[argmax], x̄[argmax] = ȳ), and its second derivative is zero —
 * exact wherever the maximum is unique, a choice among the sub-gradients at ties.
 */
public final class ReduceMaxOp extends GatherMapOp {

    private final int[] axesAttribute;
    private final boolean keepDims;

    public ReduceMaxOp(int[] axesAttribute, boolean keepDims) {
        this.axesAttribute = axesAttribute == null ? null : axesAttribute.clone();
        this.keepDims = keepDims;
    }

    @Override
    public String type() {
        return "ReduceMax";
    }

    @Override
    protected boolean movesReadValues() {
        return true;
    }

    @Override
    protected Moves moves(Tensor[] in) {
        int[] axes = axes(in);
        int[] shape = new ReduceOp(false, axes, keepDims, false).apply(new Tensor[] {Tensor.zeros(in[0].shape())})[0].shape();
        int[] dst = destinations(in[0].shape(), axes);
        int[] src = new int[Tensor.checkedSize(shape)];
        double[] best = new double[src.length];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(src, -1);
        double[] x = in[0].data();
        for (int k = 0; k < x.length; k++) {
            int j = dst[k];
            if (src[j] < 0 || x[k] > best[j]) {
                best[j] = x[k];
                src[j] = k;
            }
        }
        return new Moves(shape, src);
    }

    /** For each element of input 0 (row-major), the index of the output element whose maximum it takes part in. */
    public int[] destinations(Tensor[] in) {
        return destinations(in[0].shape(), axes(in));
    }

    /** The reduced axes: the attribute's, else input 1's (opset 18), else null (all). */
    private int[] axes(Tensor[] in) {
        return axesAttribute != null ? axesAttribute : in.length > 1 && in[1] != null ? ints(in[1]) : null;
    }

    private int[] destinations(int[] xs, int[] axes) {
        int rank = xs.length;
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            java.util.Arrays.fill(reduced, true);
        } else {
            for (int a : axes) {
                reduced[Tensor.axis(a, rank)] = true;
            }
        }
        int[] kept = new int[rank];
        for (int i = 0; i < rank; i++) {
            kept[i] = reduced[i] ? 1 : xs[i];
        }
        int[] ks = Tensor.strides(kept);
        return map(xs, idx -> {
            int o = 0;
            for (int i = 0; i < rank; i++) {
                o += reduced[i] ? 0 : idx[i] * ks[i];
            }
            return o;
        });
    }
}
