package io.brink.model.graph;

/** ONNX Gather: along {@code axis}, the slices the second input's indices name (negative counts from the end). */
public final class GatherOp extends GatherMapOp {

    private final int axis;

    public GatherOp(int axis) {
        this.axis = axis;
    }

    @Override
    public String type() {
        return "Gather";
    }

    @Override
    protected Moves moves(Tensor[] in) {
        int[] xs = in[0].shape();
        int a = Tensor.axis(axis, xs.length);
        int[] idxShape = in[1].shape();
        int[] indices = ints(in[1]);
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0) {
                indices[i] += xs[a];
            }
            if (indices[i] < 0 || indices[i] >= xs[a]) {
                throw new IllegalArgumentException("Gather index " + (int) in[1].data()[i] + " is outside axis " + a + " of "
                        + java.util.Arrays.toString(xs));
            }
        }
        int[] out = new int[xs.length - 1 + idxShape.length];
        System.arraycopy(xs, 0, out, 0, a);
        System.arraycopy(idxShape, 0, out, a, idxShape.length);
        System.arraycopy(xs, a + 1, out, a + idxShape.length, xs.length - a - 1);
        int[] st = Tensor.strides(xs);
        int[] ist = Tensor.strides(idxShape);
        return new Moves(out, map(out, idx -> {
            int o = 0;
            for (int i = 0; i < a; i++) {
                o += idx[i] * st[i];
            }
            int flat = 0;
            for (int j = 0; j < idxShape.length; j++) {
                flat += idx[a + j] * ist[j];
            }
            o += indices[flat] * st[a];
            for (int i = a + 1; i < xs.length; i++) {
                o += idx[i - 1 + idxShape.length] * st[i];
            }
            return o;
        }));
    }
}
