package io.brink.model.graph;

/**
 * ONNX ReduceSum and ReduceMean over {@code axes} (all axes when none, unless {@code noopWithEmptyAxes}), keeping the
 * reduced dimensions when {@code keepdims}: linear, y[j] = s·Σ_{k→j} x[k] with s = 1 or 1/(elements reduced).
 */
public final class ReduceOp extends LinearOp {

    private final boolean mean;
    private final int[] axesAttribute;
    private final boolean keepDims;
    private final boolean noopWithEmptyAxes;

    /** Axes from the attribute ({@code axesAttribute}, opset < 18 and ReduceMean < 18) or, when null, the second input. */
    public ReduceOp(boolean mean, int[] axesAttribute, boolean keepDims, boolean noopWithEmptyAxes) {
        this.mean = mean;
        this.axesAttribute = axesAttribute == null ? null : axesAttribute.clone();
        this.keepDims = keepDims;
        this.noopWithEmptyAxes = noopWithEmptyAxes;
    }

    @Override
    public String type() {
        return mean ? "ReduceMean" : "ReduceSum";
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    /** Per input element, the output element it adds to; the output shape; the scale. */
    private record Plan(int[] dst, int[] shape, double scale) {
    }

    /** The plan of the last input shape and axes (shared by threads; a race recomputes). */
    private volatile Cached cached;

    private record Cached(int[] shape, double[] axes, Plan plan) {
    }

    private Plan plan(Tensor[] in) {
        double[] axesInput = in.length > 1 && in[1] != null ? in[1].data() : null;
        Cached c = cached;
        if (c != null && java.util.Arrays.equals(c.shape, in[0].shape()) && java.util.Arrays.equals(c.axes, axesInput)) {
            return c.plan;
        }
        Plan p = computePlan(in);
        cached = new Cached(in[0].shape(), axesInput, p);
        return p;
    }

    private Plan computePlan(Tensor[] in) {
        int[] xs = in[0].shape();
        int rank = xs.length;
        int[] axes = axesAttribute;
        if (axes == null && in.length > 1 && in[1] != null) {
            axes = GatherMapOp.ints(in[1]);
        }
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.length == 0) {
            if (!noopWithEmptyAxes) {
                java.util.Arrays.fill(reduced, true);
            }
        } else {
            for (int a : axes) {
                reduced[Tensor.axis(a, rank)] = true;
            }
        }
        int[] kept = new int[rank];
        long count = 1;
        int outRank = 0;
        for (int i = 0; i < rank; i++) {
            kept[i] = reduced[i] ? 1 : xs[i];
            count *= reduced[i] ? xs[i] : 1;
            outRank += reduced[i] && !keepDims ? 0 : 1;
        }
        int[] shape = new int[outRank];
        for (int i = 0, j = 0; i < rank; i++) {
            if (!reduced[i] || keepDims) {
                shape[j++] = kept[i];
            }
        }
        int[] keptStrides = Tensor.strides(kept);
        int[] dst = GatherMapOp.map(xs, idx -> {
            int o = 0;
            for (int i = 0; i < rank; i++) {
                o += reduced[i] ? 0 : idx[i] * keptStrides[i];
            }
            return o;
        });
        return new Plan(dst, shape, mean && count > 0 ? 1.0 / count : 1.0);
    }

    @Override
    protected Tensor[] apply(Tensor[] in, Out out) {
        Plan p = plan(in);
        double[] y = out.zeroed(0, Tensor.checkedSize(p.shape));
        double[] x = in[0].data();
        for (int k = 0; k < x.length; k++) {
            y[p.dst[k]] += x[k];
        }
        if (p.scale != 1) {
            for (int j = 0; j < y.length; j++) {
                y[j] *= p.scale;
            }
        }
        return new Tensor[] {new Tensor(p.shape, y)};
    }

    @Override
    protected Tensor[] transpose(Tensor[] in, Tensor[] outBar, Out out) {
        Plan p = plan(in);
        double[] xb = out.array(0, in[0].size());
        double[] yb = outBar[0].data();
        for (int k = 0; k < xb.length; k++) {
            xb[k] = p.scale * yb[p.dst[k]];
        }
        Tensor[] r = new Tensor[in.length];
        r[0] = new Tensor(in[0].shape(), xb);
        return r;
    }
}
