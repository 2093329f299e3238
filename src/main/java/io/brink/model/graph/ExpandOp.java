package io.brink.model.graph;

/** ONNX Expand: x broadcast to the broadcast of its shape and the second input's shape. */
public final class ExpandOp extends GatherMapOp {

    @Override
    public String type() {
        return "Expand";
    }

    @Override
    protected Moves moves(Tensor[] in) {
        int[] out = Tensor.broadcast(in[0].shape(), ints(in[1]));
        return new Moves(out, Tensor.broadcastIndex(in[0].shape(), out));
    }
}
