package io.brink.model.graph;

/** ONNX LeakyRelu: y = x for x > 0, αx otherwise (α default 0.01), element-wise. */
public final class LeakyReluOp extends ElementwiseOp {
    private final double alpha;

    public LeakyReluOp(double alpha) {
        this.alpha = alpha;
    }

    /** With ONNX's defaults. */
    public LeakyReluOp() {
        this(0.01);
    }

    @Override
    public String type() {
        return "LeakyRelu";
    }

    @Override
    protected double f(double x) {
        return x > 0 ? x : alpha * x;
    }

    @Override
    protected double d1(double x, double y) {
        return x > 0 ? 1 : alpha;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }

    /** The op's {@code alpha}. */
    public double alpha() {
        return alpha;
    }
}
