package io.brink.model.graph;

/** ONNX Div: y = a/b, element-wise with broadcasting. */
public final class DivOp extends BinaryOp {

    @Override
    public String type() {
        return "Div";
    }

    @Override
    protected double f(double a, double b) {
        return a / b;
    }

    @Override
    protected double fa(double a, double b) {
        return 1 / b;
    }

    @Override
    protected double fb(double a, double b) {
        return -a / (b * b);
    }

    @Override
    protected double faa(double a, double b) {
        return 0;
    }

    @Override
    protected double fab(double a, double b) {
        return -1 / (b * b);
    }

    @Override
    protected double fbb(double a, double b) {
        return 2 * a / (b * b * b);
    }
}
