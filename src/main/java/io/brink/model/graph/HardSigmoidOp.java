package io.brink.model.graph;

/** ONNX HardSigmoid: y = max(0, min(1, αx + β)) (α 0.2, β 0.5 by default); derivatives of the linear piece, 0 outside, element-wise. */
public final class HardSigmoidOp extends ElementwiseOp {
    private final double alpha;
    private final double beta;

    public HardSigmoidOp(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    /** With ONNX's defaults. */
    public HardSigmoidOp() {
        this(0.2, 0.5);
    }

    @Override
    public String type() {
        return "HardSigmoid";
    }

    @Override
    protected double f(double x) {
        return Math.max(0, Math.min(1, alpha * x + beta));
    }

    @Override
    protected double d1(double x, double y) {
        return alpha * x + beta > 0 && alpha * x + beta < 1 ? alpha : 0;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }

    /** The op's {@code alpha}. */
    public double alpha() {
        return alpha;
    }

    /** The op's {@code beta}. */
    public double beta() {
        return beta;
    }
}
