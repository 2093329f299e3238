package io.brink.model.graph;

/** ONNX Neg: y = −x, element-wise. */
public final class NegOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Neg";
    }

    @Override
    protected double f(double x) {
        return -x;
    }

    @Override
    protected double d1(double x, double y) {
        return -1;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }
}
