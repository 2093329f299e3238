package io.brink.model.graph;

/** ONNX Split along {@code axis} into the given sizes (or equal parts); its transpose concatenates the adjoints. */
public final class SplitOp extends LinearOp {

    private final int axis;
    private final int parts;
    private final int[] sizes;

    /** {@code sizes} null: {@code parts} equal parts (the last may be smaller, as opset 18 says). */
    public SplitOp(int axis, int parts, int[] sizes) {
        this.axis = axis;
        this.parts = sizes == null ? parts : sizes.length;
        this.sizes = sizes == null ? null : sizes.clone();
    }

    @Override
    public String type() {
        return "Split";
    }

    @Override
    public int outputs() {
        return parts;
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    private int[] sizes(int dim) {
        if (sizes != null) {
            return sizes;
        }
        int each = (dim + parts - 1) / parts;
        int[] s = new int[parts];
        for (int i = 0; i < parts; i++) {
            s[i] = Math.max(0, Math.min(each, dim - i * each));
        }
        return s;
    }

    @Override
    protected Tensor[] apply(Tensor[] in, Out buffers) {
        int[] xs = in[0].shape();
        int a = Tensor.axis(axis, xs.length);
        int[] s = sizes(xs[a]);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= xs[i];
        }
        int innerIn = outer == 0 ? 0 : in[0].size() / outer;
        int stride = innerIn / Math.max(1, xs[a]);
        Tensor[] out = new Tensor[parts];
        int offset = 0;
        for (int j = 0; j < parts; j++) {
            int[] shape = xs.clone();
            shape[a] = s[j];
            int inner = s[j] * stride;
            double[] y = buffers.array(j, outer * inner);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(in[0].data(), o * innerIn + offset, y, o * inner, inner);
            }
            out[j] = new Tensor(shape, y);
            offset += inner;
        }
        return out;
    }

    @Override
    protected Tensor[] transpose(Tensor[] in, Tensor[] outBar, Out buffers) {
        Tensor[] r = new Tensor[in.length];
        r[0] = new ConcatOp(axis).apply(outBar, buffers)[0];
        return r;
    }
}
