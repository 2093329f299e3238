package io.brink.model.bounds;

/**
 * Linear relaxations: for a function f on an interval [l, u], a lower line ℓ and an upper line υ with
 * ℓ(x) ≤ f(x) ≤ υ(x) for every x in [l, u]; for a product x·y on a box, McCormick's planes. Each line is moved
 * outward by {@link #LINE_SLACK} relative to its size, so that the float64 evaluation of f and of the line cannot
 * make it cross f.
 *
 * <p>σ and tanh are convex on (−∞, 0] and concave on [0, ∞). On a convex piece the chord is above and a tangent below
 * (on a concave piece the reverse). On an interval around 0 (CROWN's rule): the upper line is the chord when its slope
 * k = (f(u) − f(l))/(u − l) is at most f′(u), else the tangent at the d in [0, u] whose tangent passes through
 * (l, f(l)); the lower line symmetrically (the chord when k ≤ f′(l), else the tangent at the d in [l, 0] through
 * (u, f(u))). Such a tangent point is found by bisection, keeping the side on which the line stays sound. Only the
 * lower line is computed; the upper one is its mirror image (both functions are point-symmetric about (0, f(0))).
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
        };

        /** An upper bound of max |f″| over the reals (σ: 1/(6√3) ≈ 0.09623; tanh: 4/(3√3) ≈ 0.76980). */
        private final double curvature;

        SShape(double curvature) {
            this.curvature = curvature;
        }

        public abstract double f(double x);

        public abstract double d1(double x);
    }

    /** A convex monotone function: e^x (increasing), 1/x on x &gt; 0 (decreasing). */
    public enum Convex {
        EXP {
            @Override
            public double f(double x) {
                return Math.exp(x);
            }

            @Override
            public double d1(double x) {
                return Math.exp(x);
            }

            @Override
            double maxD2(double l, double u) {
                return Math.exp(u);
            }
        },
        RECIPROCAL {
            @Override
            public double f(double x) {
                return 1 / x;
            }

            @Override
            public double d1(double x) {
                return -1 / (x * x);
            }

            @Override
            double maxD2(double l, double u) {
                return 2 / (l * l * l);
            }
        };

        public abstract double f(double x);

        public abstract double d1(double x);

        /** max f″ on [l, u]. */
        abstract double maxD2(double l, double u);
    }

    /**
     * The lower line of a convex function on [l, u]: the tangent at the midpoint (below a convex function everywhere).
     * Non-finite where the function is (e^x past 709, 1/x at l ≤ 0): the caller gives the pass up.
     */
    public static Line lower(Convex c, double l, double u) {
        if (c == Convex.RECIPROCAL && !(l > 0)) {
            return new Line(Double.NaN, Double.NaN);
        }
        Line t = tangent(c, 0.5 * (l + u));
        return slack(t, l, u, false);
    }

    /**
     * The upper line of a convex function on [l, u]: the chord (above it on the interval); below a relative width of
     * 10⁻⁶ the midpoint tangent moved up by max f″·(u − l)²/8 (Taylor), where the chord would lose its slope's digits.
     */
    public static Line upper(Convex c, double l, double u) {
        if (c == Convex.RECIPROCAL && !(l > 0)) {
            return new Line(Double.NaN, Double.NaN);
        }
        if (u - l < SMALL * (1 + Math.abs(l))) {
            double w = u - l;
            return slack(tangent(c, 0.5 * (l + u)).up(c.maxD2(l, u) * w * w / 8), l, u, true);
        }
        double fl = c.f(l), k = (c.f(u) - fl) / (u - l);
        return slack(new Line(k, fl - k * l), l, u, true);
    }

    private static Line tangent(Convex c, double d) {
        double k = c.d1(d);
        return new Line(k, c.f(d) - k * d);
    }

    /** The lower line of {@code s} on [l, u]. */
    public static Line lower(SShape s, double l, double u) {
        if (u - l < SMALL * (1 + Math.abs(l))) {
            double w = u - l;
            return slack(tangent(s, 0.5 * (l + u)).down(s.curvature * w * w / 8), l, u, false);
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
        return slack(line, l, u, false);
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
