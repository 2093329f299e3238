package io.brink.model.graph;

/** ONNX ThresholdedRelu: y = x for x > α, 0 otherwise (α default 1), element-wise. */
public final class ThresholdedReluOp extends ElementwiseOp {
    private final double alpha;

    public ThresholdedReluOp(double alpha) {
        this.alpha = alpha;
    }

    /** With ONNX's defaults. */
    public ThresholdedReluOp() {
        this(1.0);
    }

    @Override
    public String type() {
        return "ThresholdedRelu";
    }

    @Override
    protected double f(double x) {
        return x > alpha ? x : 0;
    }

    @Override
    protected double d1(double x, double y) {
        return x > alpha ? 1 : 0;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }
}
