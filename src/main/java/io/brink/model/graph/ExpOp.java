package io.brink.model.graph;

/** ONNX Exp: y = eˣ, element-wise. */
public final class ExpOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Exp";
    }

    @Override
    protected double f(double x) {
        return Math.exp(x);
    }

    @Override
    protected double d1(double x, double y) {
        return y;
    }

    @Override
    protected double d2(double x, double y) {
        return y;
    }
}
