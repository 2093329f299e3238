package io.brink.model.bounds;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowProducts}' kernel on the Vector API: for four rows of Λ and two vectors of target columns, eight
 * accumulators in registers over the whole inner dimension (two loads of W and four broadcasts per eight fused
 * multiply-adds); leftover columns and rows on the scalar kernel. Only loaded when the module is present.
 */
final class RowProductsVector {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private RowProductsVector() {
    }

    static void accumulate(double[][] L, int[] rows, int n, double[] w, int m, int cols, double[][] T) {
        if (cols < 2 * V) {
            RowProducts.scalar(L, rows, n, w, m, cols, T);
            return;
        }
        int blocked = cols - cols % (2 * V);
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double[] l0 = L[rows[i]], l1 = L[rows[i + 1]], l2 = L[rows[i + 2]], l3 = L[rows[i + 3]];
            double[] t0 = T[rows[i]], t1 = T[rows[i + 1]], t2 = T[rows[i + 2]], t3 = T[rows[i + 3]];
            for (int j = 0; j < blocked; j += 2 * V) {
                DoubleVector a0 = DoubleVector.fromArray(S, t0, j), b0 = DoubleVector.fromArray(S, t0, j + V);
                DoubleVector a1 = DoubleVector.fromArray(S, t1, j), b1 = DoubleVector.fromArray(S, t1, j + V);
                DoubleVector a2 = DoubleVector.fromArray(S, t2, j), b2 = DoubleVector.fromArray(S, t2, j + V);
                DoubleVector a3 = DoubleVector.fromArray(S, t3, j), b3 = DoubleVector.fromArray(S, t3, j + V);
                for (int q = 0, o = j; q < m; q++, o += cols) {
                    DoubleVector w0 = DoubleVector.fromArray(S, w, o), w1 = DoubleVector.fromArray(S, w, o + V);
                    DoubleVector v = DoubleVector.broadcast(S, l0[q]);
                    a0 = w0.fma(v, a0);
                    b0 = w1.fma(v, b0);
                    v = DoubleVector.broadcast(S, l1[q]);
                    a1 = w0.fma(v, a1);
                    b1 = w1.fma(v, b1);
                    v = DoubleVector.broadcast(S, l2[q]);
                    a2 = w0.fma(v, a2);
                    b2 = w1.fma(v, b2);
                    v = DoubleVector.broadcast(S, l3[q]);
                    a3 = w0.fma(v, a3);
                    b3 = w1.fma(v, b3);
                }
                a0.intoArray(t0, j);
                b0.intoArray(t0, j + V);
                a1.intoArray(t1, j);
                b1.intoArray(t1, j + V);
                a2.intoArray(t2, j);
                b2.intoArray(t2, j + V);
                a3.intoArray(t3, j);
                b3.intoArray(t3, j + V);
            }
            if (blocked < cols) {
                for (int k = 0; k < 4; k++) {
                    tail(L[rows[i + k]], w, m, cols, blocked, T[rows[i + k]]);
                }
            }
        }
        for (; i < n; i++) {
            RowProducts.row(L[rows[i]], w, m, cols, T[rows[i]]);
        }
    }

    /** Σ_q a[q]·b[q] (m values). */
    static double dot(double[] a, double[] b, int m) {
        DoubleVector s = DoubleVector.zero(S);
        int bound = S.loopBound(m), q = 0;
        for (; q < bound; q += V) {
            s = DoubleVector.fromArray(S, a, q).fma(DoubleVector.fromArray(S, b, q), s);
        }
        double ss = s.reduceLanes(VectorOperators.ADD);
        for (; q < m; q++) {
            ss += a[q] * b[q];
        }
        return ss;
    }

    /** out = [Σ_q |row[q]|·amp[q], Σ_q |row[q]|·width[q]] (m values). */
    static void weigh(double[] row, double[] amp, double[] width, int m, double[] out) {
        DoubleVector s = DoubleVector.zero(S), w = DoubleVector.zero(S);
        int bound = S.loopBound(m), q = 0;
        for (; q < bound; q += V) {
            DoubleVector v = DoubleVector.fromArray(S, row, q).abs();
            s = v.fma(DoubleVector.fromArray(S, amp, q), s);
            w = v.fma(DoubleVector.fromArray(S, width, q), w);
        }
        double ss = s.reduceLanes(VectorOperators.ADD), ww = w.reduceLanes(VectorOperators.ADD);
        for (; q < m; q++) {
            double v = Math.abs(row[q]);
            ss += v * amp[q];
            ww += v * width[q];
        }
        out[0] = ss;
        out[1] = ww;
    }

    static double lines(double[] v, double[] slopePos, double[] slopeNeg, double[] interPos, double[] interNeg, double[] t, int m) {
        DoubleVector acc = DoubleVector.zero(S);
        int bound = S.loopBound(m), q = 0;
        for (; q < bound; q += V) {
            DoubleVector c = DoubleVector.fromArray(S, v, q);
            VectorMask<Double> pos = c.compare(VectorOperators.GE, 0);
            DoubleVector slope = DoubleVector.fromArray(S, slopeNeg, q).blend(DoubleVector.fromArray(S, slopePos, q), pos);
            c.fma(slope, DoubleVector.fromArray(S, t, q)).intoArray(t, q);
            acc = c.fma(DoubleVector.fromArray(S, interNeg, q).blend(DoubleVector.fromArray(S, interPos, q), pos), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; q < m; q++) {
            double c = v[q];
            boolean p = c >= 0;
            t[q] += c * (p ? slopePos[q] : slopeNeg[q]);
            s += c * (p ? interPos[q] : interNeg[q]);
        }
        return s;
    }

    static double planes(double[] v, double[][] pl, double[] tx, double[] ty, int m) {
        double[] ax = pl[0], bx = pl[3], ay = pl[1], by = pl[4], ac = pl[2], bc = pl[5];
        DoubleVector acc = DoubleVector.zero(S);
        int bound = S.loopBound(m), q = 0;
        for (; q < bound; q += V) {
            DoubleVector c = DoubleVector.fromArray(S, v, q);
            VectorMask<Double> pos = c.compare(VectorOperators.GE, 0);
            c.fma(DoubleVector.fromArray(S, bx, q).blend(DoubleVector.fromArray(S, ax, q), pos), DoubleVector.fromArray(S, tx, q))
                    .intoArray(tx, q);
            c.fma(DoubleVector.fromArray(S, by, q).blend(DoubleVector.fromArray(S, ay, q), pos), DoubleVector.fromArray(S, ty, q))
                    .intoArray(ty, q);
            acc = c.fma(DoubleVector.fromArray(S, bc, q).blend(DoubleVector.fromArray(S, ac, q), pos), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; q < m; q++) {
            double c = v[q];
            boolean p = c >= 0;
            tx[q] += c * (p ? ax[q] : bx[q]);
            ty[q] += c * (p ? ay[q] : by[q]);
            s += c * (p ? ac[q] : bc[q]);
        }
        return s;
    }

    /** Columns from {@code from} on, for one row. */
    private static void tail(double[] row, double[] w, int m, int cols, int from, double[] t) {
        for (int q = 0; q < m; q++) {
            double v = row[q];
            int o = q * cols;
            for (int j = from; j < cols; j++) {
                t[j] += v * w[o + j];
            }
        }
    }
}
