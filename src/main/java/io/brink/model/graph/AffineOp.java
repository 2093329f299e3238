package io.brink.model.graph;

/** ONNX Affine: y = αx + β, element-wise. */
public final class AffineOp extends ElementwiseOp {
    private final double alpha;
    private final double beta;

    public AffineOp(double alpha, double beta) {
        this.alpha = alpha;
        this.beta = beta;
    }

    /** With ONNX's defaults. */
    public AffineOp() {
        this(1.0, 0.0);
    }

    @Override
    public String type() {
        return "Affine";
    }

    @Override
    protected double f(double x) {
        return alpha * x + beta;
    }

    @Override
    protected double d1(double x, double y) {
        return alpha;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }
}
