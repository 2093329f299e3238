package io.brink.model.graph;

/** ONNX ScaledTanh: y = α·tanh(βx), element-wise. */
public final class ScaledTanhOp extends ElementwiseOp {
    private final double alpha;
    private final double beta;

    public ScaledTanhOp(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    /** With ONNX's defaults. */
    public ScaledTanhOp() {
        this(1.0, 1.0);
    }

    @Override
    public String type() {
        return "ScaledTanh";
    }

    @Override
    protected double f(double x) {
        return alpha * Math.tanh(beta * x);
    }

    @Override
    protected double d1(double x, double y) {
        return alpha * beta * (1 - Math.tanh(beta * x) * Math.tanh(beta * x));
    }

    @Override
    protected double d2(double x, double y) {
        return -2 * alpha * beta * beta * Math.tanh(beta * x) * (1 - Math.tanh(beta * x) * Math.tanh(beta * x));
    }

    /** The op's {@code alpha} (outer scale). */
    public double alpha() {
        return alpha;
    }

    /** The op's {@code beta} (inner scale). */
    public double beta() {
        return beta;
    }
}
