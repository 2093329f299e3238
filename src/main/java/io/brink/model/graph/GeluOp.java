package io.brink.model.graph;

/**
 * ONNX Gelu (opset 20, approximate "none"): y = x·Φ(x), Φ the standard normal distribution function; y′ = Φ(x) + x·φ(x),
 * y″ = φ(x)·(2 − x²), φ the standard normal density.
 */
public final class GeluOp extends ElementwiseOp {

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    @Override
    public String type() {
        return "Gelu";
    }

    private static double cdf(double x) {
        return 0.5 * (1 + ErfOp.erf(x * INV_SQRT2));
    }

    private static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    @Override
    protected double f(double x) {
        return x * cdf(x);
    }

    @Override
    protected double d1(double x, double y) {
        return cdf(x) + x * pdf(x);
    }

    @Override
    protected double d2(double x, double y) {
        return pdf(x) * (2 - x * x);
    }
}
