package io.brink.model.graph;

/** ONNX Relu: y = max(0, x), element-wise. */
public final class ReluOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Relu";
    }

    @Override
    protected double f(double x) {
        return x > 0 ? x : 0;
    }

    @Override
    protected double d1(double x, double y) {
        return x > 0 ? 1 : 0;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }
}
