package io.brink.model.graph;

/** ONNX Concat along {@code axis}; its transpose cuts ȳ back into the inputs' pieces. */
public final class ConcatOp extends LinearOp {

    private final int axis;

    public ConcatOp(int axis) {
        this.axis = axis;
    }

    @Override
    public String type() {
        return "Concat";
    }

    @Override
    protected Tensor[] apply(Tensor[] in, Out buffers) {
        int rank = in[0].rank();
        int a = Tensor.axis(axis, rank);
        int[] out = in[0].shape();
        out[a] = 0;
        for (Tensor t : in) {
            if (t.rank() != rank) {
                throw new IllegalArgumentException("Concat of tensors of ranks " + rank + " and " + t.rank());
            }
            out[a] += t.dim(a);
        }
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= out[i];
        }
        int innerOut = Tensor.checkedSize(out) / Math.max(1, outer);
        double[] y = buffers.array(0, Tensor.checkedSize(out));
        int offset = 0;
        for (Tensor t : in) {
            int inner = outer == 0 ? 0 : t.size() / outer;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data(), o * inner, y, o * innerOut + offset, inner);
            }
            offset += inner;
        }
        return new Tensor[] {new Tensor(out, y)};
    }

    @Override
    protected Tensor[] transpose(Tensor[] in, Tensor[] outBar, Out buffers) {
        int a = Tensor.axis(axis, in[0].rank());
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= in[0].dim(i);
        }
        int innerOut = outer == 0 ? 0 : outBar[0].size() / outer;
        Tensor[] r = new Tensor[in.length];
        int offset = 0;
        for (int j = 0; j < in.length; j++) {
            int inner = outer == 0 ? 0 : in[j].size() / outer;
            double[] xb = buffers.array(j, in[j].size());
            for (int o = 0; o < outer; o++) {
                System.arraycopy(outBar[0].data(), o * innerOut + offset, xb, o * inner, inner);
            }
            r[j] = new Tensor(in[j].shape(), xb);
            offset += inner;
        }
        return r;
    }
}
