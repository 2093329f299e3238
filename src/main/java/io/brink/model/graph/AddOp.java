package io.brink.model.graph;

/** ONNX Add: y = a + b, element-wise with broadcasting. */
public final class AddOp extends BinaryOp {

    @Override
    public String type() {
        return "Add";
    }

    @Override
    protected double f(double a, double b) {
        return a + b;
    }

    @Override
    protected double fa(double a, double b) {
        return 1;
    }

    @Override
    protected double fb(double a, double b) {
        return 1;
    }

    @Override
    protected double faa(double a, double b) {
        return 0;
    }

    @Override
    protected double fab(double a, double b) {
        return 0;
    }

    @Override
    protected double fbb(double a, double b) {
        return 0;
    }
}
