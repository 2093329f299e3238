package io.brink.model.graph;

/** ONNX Log: y = ln x, element-wise. */
public final class LogOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Log";
    }

    @Override
    protected double f(double x) {
        return Math.log(x);
    }

    @Override
    protected double d1(double x, double y) {
        return 1 / x;
    }

    @Override
    protected double d2(double x, double y) {
        return -1 / (x * x);
    }
}
