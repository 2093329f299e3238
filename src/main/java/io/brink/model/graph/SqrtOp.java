package io.brink.model.graph;

/** ONNX Sqrt: y = √x, element-wise. */
public final class SqrtOp extends ElementwiseOp {

    @Override
    public String type() {
        return "Sqrt";
    }

    @Override
    protected double f(double x) {
        return Math.sqrt(x);
    }

    @Override
    protected double d1(double x, double y) {
        return 0.5 / y;
    }

    @Override
    protected double d2(double x, double y) {
        return -0.25 / (y * y * y);
    }
}
