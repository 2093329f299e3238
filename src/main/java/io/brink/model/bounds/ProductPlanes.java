package io.brink.model.bounds;

/**
 * Planes of a product of squashed values, f(u, v) = φ₁(u)·φ₂(v) with φ σ, tanh or the identity, on a box of (u, v):
 * the LSTM's σ(i)·tanh(g), σ(f)·c and σ(o)·tanh(c′), the GRU's r·(W_hn h + b_hn) and z·h. Bounding such a product as
 * McCormick's planes over the box of (φ₁(u), φ₂(v)) and then each φ by its own lines loses three gaps; a plane taken in
 * (u, v) directly loses one. For each candidate pair of slopes (α, β) — the tangent plane at the box's centre, at the
 * nominal point, the least-squares plane over the grid, and the slopes of the composed relaxations (each of McCormick's
 * four planes with the factors' lines) — the offsets are made exact up to a stated slack: with
 * g = f − αu − βv evaluated on an N × N grid of the box (each point within h_u/2, h_v/2 of a grid point), and G_u, G_v
 * bounds of |∂g/∂u|, |∂g/∂v| over the box by interval arithmetic (∂g/∂u = φ₁′(u)φ₂(v) − α), min g ≥ min_grid g −
 * (G_u h_u + G_v h_v)/2 and max g ≤ max_grid g + the same (mean value theorem on the segment to the nearest grid
 * point). G is of the order of the box's width times f's curvature, so the slack is of second order in the width and
 * 1/N of the tangent plane's own gap. Of the candidates (the composed planes among them, as they were), the lower plane
 * highest at the box's centre and the upper plane lowest there are taken: never looser there than the composed ones.
 * Every offset is moved outward by {@link Relax#LINE_SLACK} of the magnitudes involved, as every other line.
 */
final class ProductPlanes {

    /** Grid points per axis. */
    static final int GRID = 24;

    /** A factor's function: σ, tanh, or the value itself. */
    enum Factor {
        IDENTITY(null), SIGMOID(Relax.SShape.SIGMOID), TANH(Relax.SShape.TANH);

        /** The S-shape, null for the identity. */
        private final Relax.SShape shape;

        Factor(Relax.SShape shape) {
            this.shape = shape;
        }

        /** The factor of a node of this shape: σ or tanh, else (another S-shape, or not one) the value itself. */
        static Factor of(Relax.SShape shape) {
            return shape == Relax.SShape.SIGMOID ? SIGMOID : shape == Relax.SShape.TANH ? TANH : IDENTITY;
        }

        double f(double x) {
            return shape == null ? x : shape.f(x);
        }

        double d1(double x) {
            return shape == null ? 1 : shape.d1(x);
        }

        /** The range of f on [l, u] (increasing), widened by rounding. */
        void range(double l, double u, double[] out) {
            double a = f(l), b = f(u);
            out[0] = a - ROUND * (Math.abs(a) + 1e-300);
            out[1] = b + ROUND * (Math.abs(b) + 1e-300);
        }

        /** The range of f′ on [l, u] (even and falling in |x| for σ and tanh), widened by rounding. */
        void slopeRange(double l, double u, double[] out) {
            if (this == IDENTITY) {
                out[0] = 1;
                out[1] = 1;
                return;
            }
            double near = Math.min(u, Math.max(l, 0)), far = Math.abs(l) > Math.abs(u) ? l : u;
            double hi = d1(near), lo = d1(far);
            out[0] = lo * (1 - ROUND);
            out[1] = hi * (1 + ROUND);
        }
    }

    /** Relative error allowed for one evaluation of σ, tanh or their derivatives (a few ulps, with margin). */
    private static final double ROUND = 1e-14;

    /** Scratch for one box: the factors on the grid. */
    private final double[] f1 = new double[GRID];
    private final double[] f2 = new double[GRID];
    private final double[] us = new double[GRID];
    private final double[] vs = new double[GRID];
    private final double[] tmp = new double[2];

    /**
     * The planes of φ₁(u)·φ₂(v) on [ul, uu] × [vl, vu] into {@code out} (a, b, c lower; a, b, c upper), given the
     * composed planes (the same layout, in (u, v)), further candidate slopes ({@code slopes}: α, β pairs, {@code count}
     * of them) and the nominal point (u0, v0), inside the box.
     */
    void planes(Factor p1, double ul, double uu, Factor p2, double vl, double vu, double u0, double v0, double[] composed,
                double[] slopes, int count, double[] out) {
        double hu = (uu - ul) / (GRID - 1), hv = (vu - vl) / (GRID - 1);
        for (int i = 0; i < GRID; i++) {
            us[i] = i == GRID - 1 ? uu : ul + i * hu;
            vs[i] = i == GRID - 1 ? vu : vl + i * hv;
            f1[i] = p1.f(us[i]);
            f2[i] = p2.f(vs[i]);
        }
        // bounds of ∂f/∂u = φ₁′(u)φ₂(v) and ∂f/∂v = φ₁(u)φ₂′(v) over the box
        p1.slopeRange(ul, uu, tmp);
        double d1l = tmp[0], d1u = tmp[1];
        p2.range(vl, vu, tmp);
        double r2l = tmp[0], r2u = tmp[1];
        p1.range(ul, uu, tmp);
        double r1l = tmp[0], r1u = tmp[1];
        p2.slopeRange(vl, vu, tmp);
        double d2l = tmp[0], d2u = tmp[1];
        double guLo = min4(d1l * r2l, d1l * r2u, d1u * r2l, d1u * r2u), guHi = max4(d1l * r2l, d1l * r2u, d1u * r2l, d1u * r2u);
        double gvLo = min4(r1l * d2l, r1l * d2u, r1u * d2l, r1u * d2u), gvHi = max4(r1l * d2l, r1l * d2u, r1u * d2l, r1u * d2u);
        double mu = Math.max(Math.abs(ul), Math.abs(uu)), mv = Math.max(Math.abs(vl), Math.abs(vu));
        double mf = Math.max(Math.abs(r1l), Math.abs(r1u)) * Math.max(Math.abs(r2l), Math.abs(r2u));
        // half-spacing, a little over, so that the computed grid's rounding cannot leave a point further from it
        double su = 0.5 * hu * (1 + 1e-9) + Math.ulp(mu) * 4, sv = 0.5 * hv * (1 + 1e-9) + Math.ulp(mv) * 4;
        double cu = 0.5 * (ul + uu), cv = 0.5 * (vl + vu);

        double bestLower = composed[0] * cu + composed[1] * cv + composed[2];
        double bestUpper = composed[3] * cu + composed[4] * cv + composed[5];
        System.arraycopy(composed, 0, out, 0, 6);
        // least squares over the grid (a product grid: each slope is its own regression)
        double lsA = 0, lsB = 0, su2 = 0, sv2 = 0;
        for (int i = 0; i < GRID; i++) {
            double du = us[i] - cu;
            for (int j = 0; j < GRID; j++) {
                double dv = vs[j] - cv, f = f1[i] * f2[j];
                lsA += f * du;
                lsB += f * dv;
            }
            su2 += du * du * GRID;
            sv2 += (vs[i] - cv) * (vs[i] - cv) * GRID;
        }
        lsA = su2 > 0 ? lsA / su2 : 0;
        lsB = sv2 > 0 ? lsB / sv2 : 0;
        for (int k = 0; k < 5 + count; k++) {
            double a, b;
            if (k == 0 || k == 1) {
                double pu = k == 0 ? cu : u0, pv = k == 0 ? cv : v0;
                a = p1.d1(pu) * p2.f(pv);
                b = p1.f(pu) * p2.d1(pv);
            } else if (k == 2) {
                a = lsA;
                b = lsB;
            } else if (k < 5) {
                int o = k == 3 ? 0 : 3;
                a = composed[o];
                b = composed[o + 1];
            } else {
                a = slopes[2 * (k - 5)];
                b = slopes[2 * (k - 5) + 1];
            }
            if (!Double.isFinite(a) || !Double.isFinite(b)) {
                continue;
            }
            double gmin = Double.POSITIVE_INFINITY, gmax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < GRID; i++) {
                double fi = f1[i], ai = a * us[i];
                for (int j = 0; j < GRID; j++) {
                    double g = fi * f2[j] - ai - b * vs[j];
                    gmin = Math.min(gmin, g);
                    gmax = Math.max(gmax, g);
                }
            }
            double gu = Math.max(Math.abs(guHi - a), Math.abs(guLo - a)), gv = Math.max(Math.abs(gvHi - b), Math.abs(gvLo - b));
            double slack = gu * su + gv * sv
                    + Relax.LINE_SLACK * (1 + mf + Math.abs(a) * mu + Math.abs(b) * mv + Math.max(Math.abs(gmin), Math.abs(gmax)));
            double lowC = gmin - slack, upC = gmax + slack;
            double atLower = a * cu + b * cv + lowC, atUpper = a * cu + b * cv + upC;
            if (atLower > bestLower) {
                bestLower = atLower;
                out[0] = a;
                out[1] = b;
                out[2] = lowC;
            }
            if (atUpper < bestUpper) {
                bestUpper = atUpper;
                out[3] = a;
                out[4] = b;
                out[5] = upC;
            }
        }
    }

    private static double min4(double a, double b, double c, double d) {
        return Math.min(Math.min(a, b), Math.min(c, d));
    }

    private static double max4(double a, double b, double c, double d) {
        return Math.max(Math.max(a, b), Math.max(c, d));
    }
}
