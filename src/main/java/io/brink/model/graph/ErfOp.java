package io.brink.model.graph;

/**
 * ONNX Erf: y = erf x = (2/√π) ∫₀ˣ e^{−t²} dt, element-wise; y′ = (2/√π) e^{−x²}, y″ = −2x·y′. PyTorch exports nn.GELU
 * through it (x·(1 + erf(x/√2))/2) before opset 20.
 */
public final class ErfOp extends ElementwiseOp {

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    @Override
    public String type() {
        return "Erf";
    }

    @Override
    protected double f(double x) {
        return erf(x);
    }

    @Override
    protected double d1(double x, double y) {
        return TWO_OVER_SQRT_PI * Math.exp(-x * x);
    }

    @Override
    protected double d2(double x, double y) {
        return -2 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x);
    }

    /**
     * erf x to about 1e-15 relative: for |x| < 3 the series (2/√π)·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)), whose terms are
     * all positive (no cancellation); beyond, 1 − erfc x with erfc from its continued fraction (modified Lentz).
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double term = a;
            double sum = a;
            double x2 = a * a;
            for (int n = 0; n < 200; n++) {
                term *= 2 * x2 / (2 * n + 3);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        } else {
            r = 1 - erfc(a);
        }
        return x < 0 ? -r : r;
    }

    /** erfc x for x ≥ 3: e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))). */
    private static double erfc(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double ak = k / 2.0;
            d = x + ak * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + ak / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
