package io.brink.model.graph;

/** ONNX Selu: y = γx for x > 0, γα(eˣ − 1) otherwise (ONNX's default α, γ), element-wise. */
public final class SeluOp extends ElementwiseOp {
    private final double alpha;
    private final double gamma;

    public SeluOp(double alpha, double gamma) {
        this.alpha = alpha;
        this.gamma = gamma;
    }

    /** With ONNX's defaults. */
    public SeluOp() {
        this(1.67326319217681884765625, 1.05070102214813232421875);
    }

    @Override
    public String type() {
        return "Selu";
    }

    @Override
    protected double f(double x) {
        return x > 0 ? gamma * x : gamma * alpha * Math.expm1(x);
    }

    @Override
    protected double d1(double x, double y) {
        return x > 0 ? gamma : y + gamma * alpha;
    }

    @Override
    protected double d2(double x, double y) {
        return x > 0 ? 0 : y + gamma * alpha;
    }

    /** The op's {@code alpha}. */
    public double alpha() {
        return alpha;
    }

    /** The op's {@code gamma}. */
    public double gamma() {
        return gamma;
    }
}
