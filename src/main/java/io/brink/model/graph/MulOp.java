package io.brink.model.graph;

/** ONNX Mul: y = a·b, element-wise with broadcasting. */
public final class MulOp extends BinaryOp {

    @Override
    public String type() {
        return "Mul";
    }

    @Override
    protected double f(double a, double b) {
        return a * b;
    }

    @Override
    protected double fa(double a, double b) {
        return b;
    }

    @Override
    protected double fb(double a, double b) {
        return a;
    }

    @Override
    protected double faa(double a, double b) {
        return 0;
    }

    @Override
    protected double fab(double a, double b) {
        return 1;
    }

    @Override
    protected double fbb(double a, double b) {
        return 0;
    }
}
