package io.brink.model.bounds;

import io.brink.model.graph.ErfOp;
import io.brink.model.graph.SoftplusOp;

/**
 * Linear relaxations: for a function f on an interval [l, u], a lower line ℓ and an upper line υ with
 * ℓ(x) ≤ f(x) ≤ υ(x) for every x in [l, u]; for a product x·y on a box, McCormick's planes. Each line is moved
 * outward by {@link #LINE_SLACK} relative to its size, so that the float64 evaluation of f and of the line cannot
 * make it cross f.
 *
 * <p>σ, tanh and erf are convex on (−∞, 0] and concave on [0, ∞). On a convex piece the chord is above and a tangent below
 * (on a concave piece the reverse). On an interval around 0 (CROWN's rule): the upper line is the chord when its slope
 * k = (f(u) − f(l))/(u − l) is at most f′(u), else the tangent at the d in [0, u] whose tangent passes through
 * (l, f(l)); the lower line symmetrically (the chord when k ≤ f′(l), else the tangent at the d in [l, 0] through
 * (u, f(u))). Such a tangent point is found by bisection, keeping the side on which the line stays sound. Only the
 * lower line is computed; the upper one is its mirror image (each is point-symmetric about (0, f(0))).
 *
 * <p>Why this class is long: every relaxation rule (S-shapes, one-curvature functions, ReLU, products) with its
 * soundness argument side by side, so that they are read and checked together (RelaxTest checks each on random boxes).
 */
public final class Relax {

    /** Relative outward shift of every line: about 45 ulps, above the error of Math.exp/tanh (≤ 2.5 ulps) and of the line's evaluation. */
    static final double LINE_SLACK = 1e-14;
    /**
     * Below this width (relative) the tangent at the midpoint m serves both sides, moved by max|f″|·(u − l)²/8, which
     * bounds |f(x) − f(m) − f′(m)(x − m)| on the interval (Taylor): a gap of second order in the width, where chords
     * would lose their slope's digits.
     */
    private static final double SMALL = 1e-6;
    private static final int TANGENT_BISECTIONS = 30;

    private Relax() {
    }

    /** A smooth increasing S-shaped function, convex below 0 and concave above. */
    public enum SShape {
        SIGMOID(0.0963) {
            @Override
            public double f(double x) {
                return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            }

            @Override
            public double d1(double x) {
                double s = f(x);
                return s * (1 - s);
            }
        },
        TANH(0.7699) {
            @Override
            public double f(double x) {
                return Math.tanh(x);
            }

            @Override
            public double d1(double x) {
                double t = Math.tanh(x);
                return 1 - t * t;
            }
        },
        /** x/(1 + |x|) (an ONNX cell activation): f′ = 1/(1 + |x|)², |f″| ≤ 2. */
        SOFTSIGN(2) {
            @Override
            public double f(double x) {
                return x / (1 + Math.abs(x));
            }

            @Override
            public double d1(double x) {
                double a = 1 + Math.abs(x);
                return 1 / (a * a);
            }
        },
        /** erf (GELU's piece), evaluated by {@link ErfOp#erf} to about 1e-15; its lines move by a further 1e-13. */
        ERF(0.9680, 1e-13) {
            @Override
            public double f(double x) {
                return ErfOp.erf(x);
            }

            @Override
            public double d1(double x) {
                return 1.1283791670955126 * Math.exp(-x * x);
            }
        };

        /** An upper bound of max |f″| over the reals (σ: 1/(6√3) ≈ 0.09623; tanh: 4/(3√3) ≈ 0.76980; erf: 2√2/√(πe) ≈ 0.96788). */
        private final double curvature;
        /** A bound of f's evaluation error beyond Math.exp/tanh's few ulps, moved into every line. */
        private final double error;

        SShape(double curvature) {
            this(curvature, 0);
        }

        SShape(double curvature, double error) {
            this.curvature = curvature;
            this.error = error;
        }

        public abstract double f(double x);

        public abstract double d1(double x);
    }

    /**
     * A function of one curvature sign on its domain: e^x, 1/x (x &gt; 0), x² and softplus convex; √x (x ≥ 0) concave. A convex
     * function's tangent lies below it and its chord above; a concave one's the reverse.
     */
    public enum Curved {
        EXP(true, Math::exp, Math::exp, (l, u) -> Math.exp(u), Double.NEGATIVE_INFINITY),
        RECIPROCAL(true, x -> 1 / x, x -> -1 / (x * x), (l, u) -> 2 / (l * l * l), 0),
        SQUARE(true, x -> x * x, x -> 2 * x, (l, u) -> 2, Double.NEGATIVE_INFINITY),
        SQRT(false, Math::sqrt, x -> 0.5 / Math.sqrt(x), (l, u) -> 0.25 / (l * Math.sqrt(l)), 0),
        /** ln(1 + eˣ), evaluated by {@link SoftplusOp#softplus}; f′ = σ, f″ = σ(1 − σ) ≤ 1/4. */
        SOFTPLUS(true, SoftplusOp::softplus, x -> SShape.SIGMOID.f(x), (l, u) -> 0.25, Double.NEGATIVE_INFINITY);

        private final boolean convex;
        private final java.util.function.DoubleUnaryOperator f;
        private final java.util.function.DoubleUnaryOperator d1;
        private final java.util.function.DoubleBinaryOperator maxD2;
        /** The domain's lower end: the function is defined above it (and at it for √x). */
        private final double domain;

        Curved(boolean convex, java.util.function.DoubleUnaryOperator f, java.util.function.DoubleUnaryOperator d1,
               java.util.function.DoubleBinaryOperator maxD2, double domain) {
            this.convex = convex;
            this.f = f;
            this.d1 = d1;
            this.maxD2 = maxD2;
            this.domain = domain;
        }

        public double f(double x) {
            return f.applyAsDouble(x);
        }

        public double d1(double x) {
            return d1.applyAsDouble(x);
        }

        /** max |f″| on [l, u]. */
        double maxD2(double l, double u) {
            return maxD2.applyAsDouble(l, u);
        }

        /** Whether the function is defined on [l, …]. */
        boolean inDomain(double l) {
            return this == SQRT ? l >= domain : l > domain;
        }

        /** [min f, max f] on [l, u] (l in the domain), before any outward rounding. */
        public double[] range(double l, double u) {
            if (this == SQUARE && l < 0 && u > 0) {
                return new double[] {0, Math.max(l * l, u * u)};
            }
            double a = f(l), b = f(u);
            return new double[] {Math.min(a, b), Math.max(a, b)};
        }

        public boolean convex() {
            return convex;
        }
    }

    /**
     * The lower line of {@code c} on [l, u]: a convex function's tangent at the midpoint, a concave one's chord. NaN where
     * [l, u] leaves the domain (1/x at x ≤ 0, √x below 0): the caller gives the pass up rather than bound it.
     */
    public static Line lower(Curved c, double l, double u) {
        return c.convex() ? tangentLine(c, l, u, false) : chordLine(c, l, u, false);
    }

    /** The upper line of {@code c} on [l, u]: a convex function's chord, a concave one's tangent at the midpoint. */
    public static Line upper(Curved c, double l, double u) {
        return c.convex() ? chordLine(c, l, u, true) : tangentLine(c, l, u, true);
    }

    /** The tangent at the midpoint, on the side where it bounds the function (below a convex one, above a concave one). */
    private static Line tangentLine(Curved c, double l, double u, boolean upward) {
        if (!c.inDomain(l)) {
            return new Line(Double.NaN, Double.NaN);
        }
        if (c == Curved.SQRT && !(u > 0)) { // the box {0}: √x's tangent there is vertical; the constant 0 above
            return slack(new Line(0, 0), l, u, true);
        }
        double m = 0.5 * (l + u), k = c.d1(m);
        return slack(new Line(k, c.f(m) - k * m), l, u, upward);
    }

    /**
     * The chord, on the side where it bounds the function; below a relative width of 10⁻⁶ the midpoint tangent moved by
     * max |f″|·(u − l)²/8 (Taylor), where the chord would lose its slope's digits.
     */
    private static Line chordLine(Curved c, double l, double u, boolean upward) {
        if (!c.inDomain(l)) {
            return new Line(Double.NaN, Double.NaN);
        }
        if (u - l < SMALL * (1 + Math.abs(l))) {
            if (c == Curved.SQRT && !(l > 0)) { // a box at 0: the constant √l below
                return slack(new Line(0, Math.sqrt(l)), l, u, false);
            }
            double w = u - l, m = 0.5 * (l + u), k = c.d1(m), by = c.maxD2(l, u) * w * w / 8;
            Line t = new Line(k, c.f(m) - k * m);
            return slack(upward ? t.up(by) : t.down(by), l, u, upward);
        }
        double fl = c.f(l), k = (c.f(u) - fl) / (u - l);
        return slack(new Line(k, fl - k * l), l, u, upward);
    }

    /** The lower line of {@code s} on [l, u]. */
    public static Line lower(SShape s, double l, double u) {
        if (u - l < SMALL * (1 + Math.abs(l))) {
            double w = u - l;
            return slack(tangent(s, 0.5 * (l + u)).down(s.curvature * w * w / 8 + s.error), l, u, false);
        }
        double fl = s.f(l), fu = s.f(u), k = (fu - fl) / (u - l);
        Line line;
        if (l >= 0) {
            line = new Line(k, fl - k * l);
        } else if (u <= 0) {
            line = tangent(s, 0.5 * (l + u));
        } else if (k <= s.d1(l)) {
            line = new Line(k, fl - k * l);
        } else {
            double lo = l, hi = 0; // ψ(d) = f(d) + f′(d)(u − d) − f(u): ψ(lo) < 0 ≤ ψ(hi); keep lo
            for (int i = 0; i < TANGENT_BISECTIONS; i++) {
                double d = 0.5 * (lo + hi);
                if (s.f(d) + s.d1(d) * (u - d) - fu <= 0) {
                    lo = d;
                } else {
                    hi = d;
                }
            }
            line = tangent(s, lo);
        }
        return slack(line.down(s.error), l, u, false);
    }

    /**
     * The upper line of {@code s} on [l, u], by symmetry: f(x) = 2f(0) − f(−x) for σ and tanh, so the lower line a·x + b
     * of f on [−u, −l] gives the upper line a·x + 2f(0) − b on [l, u] (its slack turned upward with it).
     */
    public static Line upper(SShape s, double l, double u) {
        Line mirror = lower(s, -u, -l);
        return new Line(mirror.slope(), 2 * s.f(0) - mirror.intercept());
    }

    /** ReLU's lower line on [l, u]: 0 or x where the sign is known; across 0, slope 1 when u ≥ −l, else 0 (CROWN). */
    public static Line reluLower(double l, double u) {
        if (l >= 0) {
            return new Line(1, 0);
        }
        if (u <= 0) {
            return new Line(0, 0);
        }
        return u >= -l ? new Line(1, 0) : new Line(0, 0);
    }

    /** ReLU's upper line on [l, u]: 0 or x where the sign is known; across 0, the chord u(x − l)/(u − l). */
    public static Line reluUpper(double l, double u) {
        if (l >= 0) {
            return new Line(1, 0);
        }
        if (u <= 0) {
            return new Line(0, 0);
        }
        double k = u / (u - l);
        return slack(new Line(k, -k * l), l, u, true);
    }

    /**
     * A McCormick plane of x·y on [lx, ux] × [ly, uy]: {@code a·x + b·y + c}. Lower planes: (x − lx)(y − ly) ≥ 0 gives
     * xy ≥ ly·x + lx·y − lx·ly, (ux − x)(uy − y) ≥ 0 gives xy ≥ uy·x + ux·y − ux·uy; upper planes from
     * (x − lx)(uy − y) ≥ 0 and (ux − x)(y − ly) ≥ 0. Of each pair, the one closer to x·y at the nominal point (x0, y0) is
     * taken (the gaps are those products).
     */
    public record Plane(double a, double b, double c) {
    }

    public static Plane productLower(double lx, double ux, double ly, double uy, double x0, double y0) {
        Plane p = (x0 - lx) * (y0 - ly) <= (ux - x0) * (uy - y0)
                ? new Plane(ly, lx, -lx * ly) : new Plane(uy, ux, -ux * uy);
        return new Plane(p.a, p.b, p.c - planeSlack(p, lx, ux, ly, uy));
    }

    public static Plane productUpper(double lx, double ux, double ly, double uy, double x0, double y0) {
        Plane p = (x0 - lx) * (uy - y0) <= (ux - x0) * (y0 - ly)
                ? new Plane(uy, lx, -lx * uy) : new Plane(ly, ux, -ux * ly);
        return new Plane(p.a, p.b, p.c + planeSlack(p, lx, ux, ly, uy));
    }

    private static double planeSlack(Plane p, double lx, double ux, double ly, double uy) {
        double mx = Math.max(Math.abs(lx), Math.abs(ux)), my = Math.max(Math.abs(ly), Math.abs(uy));
        return LINE_SLACK * (1 + mx * my + Math.abs(p.a) * mx + Math.abs(p.b) * my + Math.abs(p.c));
    }

    private static Line tangent(SShape s, double d) {
        double k = s.d1(d);
        return new Line(k, s.f(d) - k * d);
    }

    private static Line slack(Line line, double l, double u, boolean upward) {
        double by = LINE_SLACK * (1 + Math.abs(line.intercept()) + Math.abs(line.slope()) * Math.max(Math.abs(l), Math.abs(u)));
        return upward ? line.up(by) : line.down(by);
    }
}
