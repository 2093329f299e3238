package io.brink.model.graph;

/** ONNX Elu: y = x for x > 0, α(eˣ − 1) otherwise (α default 1), element-wise. */
public final class EluOp extends ElementwiseOp {
    private final double alpha;

    public EluOp(double alpha) {
        this.alpha = alpha;
    }

    /** With ONNX's defaults. */
    public EluOp() {
        this(1.0);
    }

    @Override
    public String type() {
        return "Elu";
    }

    @Override
    protected double f(double x) {
        return x > 0 ? x : alpha * Math.expm1(x);
    }

    @Override
    protected double d1(double x, double y) {
        return x > 0 ? 1 : y + alpha;
    }

    @Override
    protected double d2(double x, double y) {
        return x > 0 ? 0 : y + alpha;
    }

    /** The op's {@code alpha}. */
    public double alpha() {
        return alpha;
    }
}
