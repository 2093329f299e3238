package io.brink.model.graph;

/**
 * ONNX Pow with an exponent that does not depend on the window (a constant, broadcast): y = aᵇ, differentiable in a
 * only: f_a = b·aᵇ⁻¹, f_aa = b(b − 1)·aᵇ⁻².
 */
public final class PowOp extends BinaryOp {

    @Override
    public String type() {
        return "Pow";
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    @Override
    protected double f(double a, double b) {
        return b == 2 ? a * a : Math.pow(a, b);
    }

    @Override
    protected double fa(double a, double b) {
        return b == 2 ? 2 * a : b * Math.pow(a, b - 1);
    }

    @Override
    protected double fb(double a, double b) {
        throw new UnsupportedOperationException("Pow is differentiated in its base only");
    }

    @Override
    protected double faa(double a, double b) {
        return b == 2 ? 2 : b * (b - 1) * Math.pow(a, b - 2);
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
