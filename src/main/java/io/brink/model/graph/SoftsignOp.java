package io.brink.model.graph;

/** ONNX Softsign: y = x/(1 + |x|), element-wise. */
public final class SoftsignOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Softsign";
    }

    @Override
    protected double f(double x) {
        return x / (1 + Math.abs(x));
    }

    @Override
    protected double d1(double x, double y) {
        return 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)));
    }

    @Override
    protected double d2(double x, double y) {
        return -2 * Math.signum(x) / Math.pow(1 + Math.abs(x), 3);
    }
}
