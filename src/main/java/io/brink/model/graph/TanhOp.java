package io.brink.model.graph;

/** ONNX Tanh: y = tanh x, element-wise. */
public final class TanhOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Tanh";
    }

    @Override
    protected double f(double x) {
        return Math.tanh(x);
    }

    @Override
    protected double d1(double x, double y) {
        return 1 - y * y;
    }

    @Override
    protected double d2(double x, double y) {
        return -2 * y * (1 - y * y);
    }
}
