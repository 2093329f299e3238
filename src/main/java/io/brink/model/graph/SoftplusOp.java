package io.brink.model.graph;

/** ONNX Softplus: y = ln(1 + eˣ), element-wise. */
public final class SoftplusOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Softplus";
    }

    @Override
    protected double f(double x) {
        return softplus(x);
    }

    /** ln(1 + eˣ), without overflow for large x. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    @Override
    protected double d1(double x, double y) {
        return sigmoid(x);
    }

    @Override
    protected double d2(double x, double y) {
        return sigmoid(x) * (1 - sigmoid(x));
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
