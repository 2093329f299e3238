package io.brink.model.bounds;

/**
 * The backward pass's one costly product: T[r] += Λ[r]·W for the chosen rows r of Λ (R × m) and a row-major weight
 * matrix W (m × cols), each T[r] a row of cols values. Register-blocked over four rows at a time; on the Vector API
 * ({@link RowProductsVector}) when {@link io.brink.model.VectorApi#enabled()}, else on the scalar kernel here. Both sum in another order than
 * a plain loop; the bounds' rounding allowance covers any order.
 */
final class RowProducts {

    /** Whether the Vector API kernel runs. */
    static final boolean VECTOR = io.brink.model.VectorApi.enabled();

    private RowProducts() {
    }

    /** T[rows[i]] += L[rows[i]]·W for i &lt; n (W row-major m × cols). */
    static void accumulate(double[][] L, int[] rows, int n, double[] w, int m, int cols, double[][] T) {
        if (cols == 1) { // a one-column target (a one-feature input): one dot product per row
            for (int i = 0; i < n; i++) {
                T[rows[i]][0] += dot(L[rows[i]], w, m);
            }
            return;
        }
        if (VECTOR) {
            RowProductsVector.accumulate(L, rows, n, w, m, cols, T);
        } else {
            scalar(L, rows, n, w, m, cols, T);
        }
    }

    /** Σ_q a[q]·b[q] for q &lt; m (summed in another order than a plain loop; the bounds' rounding allowance covers any). */
    static double dot(double[] a, double[] b, int m) {
        return VECTOR ? RowProductsVector.dot(a, b, m) : scalarDot(a, b, m);
    }

    /** Σ_q a[q]·b[q] in four independent chains. */
    static double scalarDot(double[] a, double[] b, int m) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int q = 0;
        for (; q + 3 < m; q += 4) {
            s0 += a[q] * b[q];
            s1 += a[q + 1] * b[q + 1];
            s2 += a[q + 2] * b[q + 2];
            s3 += a[q + 3] * b[q + 3];
        }
        for (; q < m; q++) {
            s0 += a[q] * b[q];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** out = [Σ_q |row[q]|·amp[q], Σ_q |row[q]|·width[q]]: a row's magnitude and width against a node's bounds. */
    static void weigh(double[] row, double[] amp, double[] width, int m, double[] out) {
        if (VECTOR) {
            RowProductsVector.weigh(row, amp, width, m, out);
        } else {
            scalarWeigh(row, amp, width, m, out);
        }
    }

    /** out = [Σ_q |row[q]|·amp[q], Σ_q |row[q]|·width[q]], summed in four independent chains. */
    static void scalarWeigh(double[] row, double[] amp, double[] width, int m, double[] out) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, w0 = 0, w1 = 0, w2 = 0, w3 = 0;
        int q = 0;
        for (; q + 3 < m; q += 4) {
            double v0 = Math.abs(row[q]), v1 = Math.abs(row[q + 1]), v2 = Math.abs(row[q + 2]), v3 = Math.abs(row[q + 3]);
            s0 += v0 * amp[q];
            s1 += v1 * amp[q + 1];
            s2 += v2 * amp[q + 2];
            s3 += v3 * amp[q + 3];
            w0 += v0 * width[q];
            w1 += v1 * width[q + 1];
            w2 += v2 * width[q + 2];
            w3 += v3 * width[q + 3];
        }
        for (; q < m; q++) {
            double v = Math.abs(row[q]);
            s0 += v * amp[q];
            w0 += v * width[q];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (w0 + w1) + (w2 + w3);
    }

    /**
     * A relaxed node's backward step for one row v: t[q] += v[q]·slope[q] and returns Σ_q v[q]·intercept[q], each of
     * lower line (rows 0, 1 of {@code rl}) where v[q] ≥ 0 and of the upper line (rows 2, 3) where v[q] &lt; 0.
     */
    static double lines(double[] v, double[][] rl, double[] t, int m) {
        if (VECTOR) {
            return RowProductsVector.lines(v, rl[0], rl[2], rl[1], rl[3], t, m);
        }
        return scalarLines(v, rl, t, m);
    }

    static double scalarLines(double[] v, double[][] rl, double[] t, int m) {
        scalarSelect(v, rl[0], rl[2], t, m);
        return scalarSelectDot(v, rl[1], rl[3], m);
    }

    /**
     * A product's backward step for one row v through its planes (a, b, c lower in rows 0–2 where v[q] ≥ 0, upper in
     * rows 3–5 where v[q] &lt; 0): tx += v·a, ty += v·b, returns Σ v·c. tx and ty may be the same array (x·x).
     */
    static double planes(double[] v, double[][] pl, double[] tx, double[] ty, int m) {
        if (VECTOR) {
            return RowProductsVector.planes(v, pl, tx, ty, m);
        }
        return scalarPlanes(v, pl, tx, ty, m);
    }

    static double scalarPlanes(double[] v, double[][] pl, double[] tx, double[] ty, int m) {
        scalarSelect(v, pl[0], pl[3], tx, m);
        scalarSelect(v, pl[1], pl[4], ty, m);
        return scalarSelectDot(v, pl[2], pl[5], m);
    }

    /** t[q] += v[q]·(v[q] ≥ 0 ? pos[q] : neg[q]) for q &lt; m: a relaxation's slopes, chosen by the coefficient's sign. */
    static void scalarSelect(double[] v, double[] pos, double[] neg, double[] t, int m) {
        for (int q = 0; q < m; q++) {
            double c = v[q];
            t[q] += c * (c >= 0 ? pos[q] : neg[q]);
        }
    }

    /** Σ_q v[q]·(v[q] ≥ 0 ? pos[q] : neg[q]): a relaxation's intercepts, chosen by the coefficient's sign. */
    static double scalarSelectDot(double[] v, double[] pos, double[] neg, int m) {
        double s = 0;
        for (int q = 0; q < m; q++) {
            double c = v[q];
            s += c * (c >= 0 ? pos[q] : neg[q]);
        }
        return s;
    }

    /** The scalar kernel: four rows and four coefficients per sweep of the target rows. */
    static void scalar(double[][] L, int[] rows, int n, double[] w, int m, int cols, double[][] T) {
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double[] l0 = L[rows[i]], l1 = L[rows[i + 1]], l2 = L[rows[i + 2]], l3 = L[rows[i + 3]];
            double[] t0 = T[rows[i]], t1 = T[rows[i + 1]], t2 = T[rows[i + 2]], t3 = T[rows[i + 3]];
            int q = 0;
            for (; q + 3 < m; q += 4) {
                double a0 = l0[q], a1 = l1[q], a2 = l2[q], a3 = l3[q];
                double b0 = l0[q + 1], b1 = l1[q + 1], b2 = l2[q + 1], b3 = l3[q + 1];
                double c0 = l0[q + 2], c1 = l1[q + 2], c2 = l2[q + 2], c3 = l3[q + 2];
                double d0 = l0[q + 3], d1 = l1[q + 3], d2 = l2[q + 3], d3 = l3[q + 3];
                int o0 = q * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
                for (int j = 0; j < cols; j++) {
                    double w0 = w[o0 + j], w1 = w[o1 + j], w2 = w[o2 + j], w3 = w[o3 + j];
                    t0[j] += a0 * w0 + b0 * w1 + c0 * w2 + d0 * w3;
                    t1[j] += a1 * w0 + b1 * w1 + c1 * w2 + d1 * w3;
                    t2[j] += a2 * w0 + b2 * w1 + c2 * w2 + d2 * w3;
                    t3[j] += a3 * w0 + b3 * w1 + c3 * w2 + d3 * w3;
                }
            }
            for (; q < m; q++) {
                double a0 = l0[q], a1 = l1[q], a2 = l2[q], a3 = l3[q];
                int o = q * cols;
                for (int j = 0; j < cols; j++) {
                    double wq = w[o + j];
                    t0[j] += a0 * wq;
                    t1[j] += a1 * wq;
                    t2[j] += a2 * wq;
                    t3[j] += a3 * wq;
                }
            }
        }
        for (; i < n; i++) {
            row(L[rows[i]], w, m, cols, T[rows[i]]);
        }
    }

    /** t += Σ_q row[q]·W[q, ·] for one row. */
    static void row(double[] row, double[] w, int m, int cols, double[] t) {
        for (int q = 0; q < m; q++) {
            double v = row[q];
            if (v == 0) {
                continue;
            }
            int o = q * cols;
            for (int j = 0; j < cols; j++) {
                t[j] += v * w[o + j];
            }
        }
    }
}
