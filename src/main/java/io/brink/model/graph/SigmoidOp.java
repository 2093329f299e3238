package io.brink.model.graph;

/** ONNX Sigmoid: y = σ(x) = 1/(1 + e⁻ˣ), element-wise. */
public final class SigmoidOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Sigmoid";
    }

    @Override
    protected double f(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    @Override
    protected double d1(double x, double y) {
        return y * (1 - y);
    }

    @Override
    protected double d2(double x, double y) {
        return y * (1 - y) * (1 - 2 * y);
    }
}
