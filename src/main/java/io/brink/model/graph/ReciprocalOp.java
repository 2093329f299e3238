package io.brink.model.graph;

/** ONNX Reciprocal: y = 1/x, element-wise. */
public final class ReciprocalOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Reciprocal";
    }

    @Override
    protected double f(double x) {
        return 1 / x;
    }

    @Override
    protected double d1(double x, double y) {
        return -1 / (x * x);
    }

    @Override
    protected double d2(double x, double y) {
        return 2 / (x * x * x);
    }
}
