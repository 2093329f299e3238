package io.brink.model.graph;

/** ONNX Clip: y = min(max(x, lo), hi); derivative 1 strictly inside, 0 outside (a sub-gradient at the bounds), element-wise. */
public final class ClipOp extends ElementwiseOp {
    private final double lo;
    private final double hi;

    public ClipOp(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** With ONNX's defaults. */
    public ClipOp() {
        this(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    @Override
    public String type() {
        return "Clip";
    }

    @Override
    protected double f(double x) {
        return Math.min(Math.max(x, lo), hi);
    }

    @Override
    protected double d1(double x, double y) {
        return x > lo && x < hi ? 1 : 0;
    }

    @Override
    protected double d2(double x, double y) {
        return 0;
    }

    /** The op's {@code lo}. */
    public double lo() {
        return lo;
    }

    /** The op's {@code hi}. */
    public double hi() {
        return hi;
    }
}
