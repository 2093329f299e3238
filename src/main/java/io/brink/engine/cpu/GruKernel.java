package io.brink.engine.cpu;

import io.brink.model.RecurrentLayer;

/**
 * GRU passes with PyTorch semantics: r = σ(a_r + b_r), z = σ(a_z + b_z), n = tanh(a_n + r (W_hn h + b_hn)),
 * h' = (1 − z) n + z h, where a = W_ih x + b_ih and b = W_hh h + b_hh.
 */
final class GruKernel extends RecurrentKernel {

    private final double[] biasIh;
    private final double[] biasHh;
    /** Input projections per step (T × R × 3H). */
    private double[] ax = new double[0];
    /** Cache per step (T × R × 4H): r, z, n, and b_n = W_hn h + b_hn. */
    private double[] cache = new double[0];
    private double[] bh = new double[0];
    private double[] abar = new double[0];
    private double[] bbar = new double[0];
    private double[] rec = new double[0];
    private double[] direct = new double[0];
    private double[] dax = new double[0];
    /** Tangent cache per step (T × rt × 4H): dr, dz, dn, d b_n. */
    private double[] dcache = new double[0];

    GruKernel(RecurrentLayer layer, Gemm gemm) {
        super(layer, gemm);
        biasIh = layer.biasIh().clone();
        biasHh = layer.biasHh().clone();
    }

    @Override
    void forward(double[] x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        final int H = hidden, W = width, R = rows;
        ax = ensure(ax, steps * R * W);
        cache = ensure(cache, steps * R * 4 * H);
        h = ensure(h, steps * R * H);
        bh = ensure(bh, R * W);
        gemm.multiply(x, 0, steps * R, wIhT, ax, 0, false);
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                gemm.multiply(h, (t - 1) * R * H, R, wHhT, bh, 0, false);
            }
            for (int r = 0; r < R; r++) {
                int a0 = (t * R + r) * W;
                int b0 = r * W;
                int c0 = (t * R + r) * 4 * H;
                int s0 = (t * R + r) * H;
                int p0 = ((t - 1) * R + r) * H;
                for (int k = 0; k < H; k++) {
                    double bR = (t > 0 ? bh[b0 + k] : 0.0) + biasHh[k];
                    double bZ = (t > 0 ? bh[b0 + H + k] : 0.0) + biasHh[H + k];
                    double bN = (t > 0 ? bh[b0 + 2 * H + k] : 0.0) + biasHh[2 * H + k];
                    double rr = sigmoid(ax[a0 + k] + biasIh[k] + bR);
                    double z = sigmoid(ax[a0 + H + k] + biasIh[H + k] + bZ);
                    double n = tanh(ax[a0 + 2 * H + k] + biasIh[2 * H + k] + rr * bN);
                    double hp = t > 0 ? h[p0 + k] : 0.0;
                    cache[c0 + k] = rr;
                    cache[c0 + H + k] = z;
                    cache[c0 + 2 * H + k] = n;
                    cache[c0 + 3 * H + k] = bN;
                    h[s0 + k] = (1 - z) * n + z * hp;
                }
            }
        }
    }

    @Override
    void backward(double[] hbarExt, int rb, int[] map, boolean keep, double[] xbar) {
        final int H = hidden, W = width, R = rows, T = steps;
        abar = ensure(abar, T * rb * W);
        bbar = ensure(bbar, rb * W);
        rec = zeroed(rec, rb * H);
        direct = ensure(direct, rb * H);
        if (keep) {
            hbarKept = ensure(hbarKept, T * R * H);
        }
        for (int t = T - 1; t >= 0; t--) {
            for (int r = 0; r < rb; r++) {
                int p = primal(map, r);
                int c0 = (t * R + p) * 4 * H;
                int p0 = ((t - 1) * R + p) * H;
                int e0 = (t * rb + r) * H;
                int a0 = (t * rb + r) * W;
                int b0 = r * W;
                int q0 = r * H;
                for (int k = 0; k < H; k++) {
                    double rr = cache[c0 + k], z = cache[c0 + H + k], n = cache[c0 + 2 * H + k], bN = cache[c0 + 3 * H + k];
                    double hp = t > 0 ? h[p0 + k] : 0.0;
                    double hb = hbarExt[e0 + k] + rec[q0 + k];
                    double nb = hb * (1 - z);
                    double zb = hb * (hp - n);
                    double an = nb * (1 - n * n);
                    double rb2 = an * bN;
                    double ar = rb2 * rr * (1 - rr);
                    double az = zb * z * (1 - z);
                    abar[a0 + k] = ar;
                    abar[a0 + H + k] = az;
                    abar[a0 + 2 * H + k] = an;
                    bbar[b0 + k] = ar;
                    bbar[b0 + H + k] = az;
                    bbar[b0 + 2 * H + k] = an * rr;
                    direct[q0 + k] = hb * z;
                    if (keep) {
                        hbarKept[e0 + k] = hb;
                    }
                }
            }
            if (t > 0) {
                gemm.multiply(bbar, 0, rb, wHh, rec, 0, false);
                for (int q = 0; q < rb * H; q++) {
                    rec[q] += direct[q];
                }
            }
        }
        gemm.multiply(abar, 0, T * rb, wIh, xbar, 0, false);
    }

    @Override
    void tangentForward(double[] xdot, int rt, int[] map) {
        final int H = hidden, W = width, R = rows, T = steps;
        dax = ensure(dax, T * rt * W);
        dcache = ensure(dcache, T * rt * 4 * H);
        hdot = ensure(hdot, T * rt * H);
        bh = ensure(bh, rt * W);
        gemm.multiply(xdot, 0, T * rt, wIhT, dax, 0, false);
        for (int t = 0; t < T; t++) {
            if (t > 0) {
                gemm.multiply(hdot, (t - 1) * rt * H, rt, wHhT, bh, 0, false);
            }
            for (int r = 0; r < rt; r++) {
                int p = primal(map, r);
                int c0 = (t * R + p) * 4 * H;
                int p0 = ((t - 1) * R + p) * H;
                int a0 = (t * rt + r) * W;
                int b0 = r * W;
                int d0 = (t * rt + r) * 4 * H;
                int e0 = (t * rt + r) * H;
                int q0 = ((t - 1) * rt + r) * H;
                for (int k = 0; k < H; k++) {
                    double rr = cache[c0 + k], z = cache[c0 + H + k], n = cache[c0 + 2 * H + k], bN = cache[c0 + 3 * H + k];
                    double hp = t > 0 ? h[p0 + k] : 0.0;
                    double dhp = t > 0 ? hdot[q0 + k] : 0.0;
                    double dbR = t > 0 ? bh[b0 + k] : 0.0;
                    double dbZ = t > 0 ? bh[b0 + H + k] : 0.0;
                    double dbN = t > 0 ? bh[b0 + 2 * H + k] : 0.0;
                    double dr = rr * (1 - rr) * (dax[a0 + k] + dbR);
                    double dz = z * (1 - z) * (dax[a0 + H + k] + dbZ);
                    double dn = (1 - n * n) * (dax[a0 + 2 * H + k] + dr * bN + rr * dbN);
                    dcache[d0 + k] = dr;
                    dcache[d0 + H + k] = dz;
                    dcache[d0 + 2 * H + k] = dn;
                    dcache[d0 + 3 * H + k] = dbN;
                    hdot[e0 + k] = -dz * n + (1 - z) * dn + dz * hp + z * dhp;
                }
            }
        }
    }

    @Override
    void tangentBackward(double[] hbarExtDot, int rt, int[] map, double[] xbarDot) {
        final int H = hidden, W = width, R = rows, T = steps;
        abar = ensure(abar, T * rt * W);
        bbar = ensure(bbar, rt * W);
        rec = zeroed(rec, rt * H);
        direct = ensure(direct, rt * H);
        for (int t = T - 1; t >= 0; t--) {
            for (int r = 0; r < rt; r++) {
                int p = primal(map, r);
                int c0 = (t * R + p) * 4 * H;
                int s0 = (t * R + p) * H;
                int p0 = ((t - 1) * R + p) * H;
                int d0 = (t * rt + r) * 4 * H;
                int e0 = (t * rt + r) * H;
                int q0 = ((t - 1) * rt + r) * H;
                int a0 = (t * rt + r) * W;
                int b0 = r * W;
                int o0 = r * H;
                for (int k = 0; k < H; k++) {
                    double rr = cache[c0 + k], z = cache[c0 + H + k], n = cache[c0 + 2 * H + k], bN = cache[c0 + 3 * H + k];
                    double dr = dcache[d0 + k], dz = dcache[d0 + H + k], dn = dcache[d0 + 2 * H + k], dbN = dcache[d0 + 3 * H + k];
                    double hp = t > 0 ? h[p0 + k] : 0.0;
                    double dhp = t > 0 ? hdot[q0 + k] : 0.0;
                    double hb = hbarKept[s0 + k];
                    double hbd = hbarExtDot[e0 + k] + rec[o0 + k];
                    double nb = hb * (1 - z);
                    double zb = hb * (hp - n);
                    double an = nb * (1 - n * n);
                    double rb2 = an * bN;
                    double nbd = hbd * (1 - z) - hb * dz;
                    double zbd = hbd * (hp - n) + hb * (dhp - dn);
                    double and = nbd * (1 - n * n) - 2 * nb * n * dn;
                    double rbd = and * bN + an * dbN;
                    double ard = rbd * rr * (1 - rr) + rb2 * (1 - 2 * rr) * dr;
                    double azd = zbd * z * (1 - z) + zb * (1 - 2 * z) * dz;
                    abar[a0 + k] = ard;
                    abar[a0 + H + k] = azd;
                    abar[a0 + 2 * H + k] = and;
                    bbar[b0 + k] = ard;
                    bbar[b0 + H + k] = azd;
                    bbar[b0 + 2 * H + k] = and * rr + an * dr;
                    direct[o0 + k] = hbd * z + hb * dz;
                }
            }
            if (t > 0) {
                gemm.multiply(bbar, 0, rt, wHh, rec, 0, false);
                for (int q = 0; q < rt * H; q++) {
                    rec[q] += direct[q];
                }
            }
        }
        gemm.multiply(abar, 0, T * rt, wIh, xbarDot, 0, false);
    }
}
