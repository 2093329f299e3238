package io.brink.engine.cpu;

import io.brink.model.RecurrentLayer;

/** Elman RNN passes with PyTorch semantics: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
final class ElmanKernel extends RecurrentKernel {

    private final double[] bias;
    private double[] pre = new double[0];
    private double[] abar = new double[0];
    private double[] rec = new double[0];
    private double[] dpre = new double[0];

    ElmanKernel(RecurrentLayer layer, Gemm gemm) {
        super(layer, gemm);
        bias = new double[width];
        for (int k = 0; k < width; k++) {
            bias[k] = layer.biasIh()[k] + layer.biasHh()[k];
        }
    }

    @Override
    void forward(double[] x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        final int H = hidden, R = rows;
        pre = ensure(pre, steps * R * H);
        h = ensure(h, steps * R * H);
        gemm.multiply(x, 0, steps * R, wIhT, pre, 0, false);
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                gemm.multiply(h, (t - 1) * R * H, R, wHhT, pre, t * R * H, true);
            }
            int s0 = t * R * H;
            for (int q = 0; q < R * H; q++) {
                h[s0 + q] = tanh(pre[s0 + q] + bias[q % H]);
            }
        }
    }

    @Override
    void backward(double[] hbarExt, int rb, int[] map, boolean keep, double[] xbar) {
        final int H = hidden, R = rows, T = steps;
        abar = ensure(abar, T * rb * H);
        rec = zeroed(rec, rb * H);
        if (keep) {
            hbarKept = ensure(hbarKept, T * R * H);
        }
        for (int t = T - 1; t >= 0; t--) {
            for (int r = 0; r < rb; r++) {
                int s0 = (t * R + primal(map, r)) * H;
                int e0 = (t * rb + r) * H;
                for (int k = 0; k < H; k++) {
                    double hv = h[s0 + k];
                    double hb = hbarExt[e0 + k] + rec[r * H + k];
                    abar[e0 + k] = hb * (1 - hv * hv);
                    if (keep) {
                        hbarKept[e0 + k] = hb;
                    }
                }
            }
            if (t > 0) {
                gemm.multiply(abar, t * rb * H, rb, wHh, rec, 0, false);
            }
        }
        gemm.multiply(abar, 0, T * rb, wIh, xbar, 0, false);
    }

    @Override
    void tangentForward(double[] xdot, int rt, int[] map) {
        final int H = hidden, R = rows, T = steps;
        dpre = ensure(dpre, T * rt * H);
        hdot = ensure(hdot, T * rt * H);
        gemm.multiply(xdot, 0, T * rt, wIhT, dpre, 0, false);
        for (int t = 0; t < T; t++) {
            if (t > 0) {
                gemm.multiply(hdot, (t - 1) * rt * H, rt, wHhT, dpre, t * rt * H, true);
            }
            for (int r = 0; r < rt; r++) {
                int s0 = (t * R + primal(map, r)) * H;
                int e0 = (t * rt + r) * H;
                for (int k = 0; k < H; k++) {
                    double hv = h[s0 + k];
                    hdot[e0 + k] = (1 - hv * hv) * dpre[e0 + k];
                }
            }
        }
    }

    @Override
    void tangentBackward(double[] hbarExtDot, int rt, int[] map, double[] xbarDot) {
        final int H = hidden, R = rows, T = steps;
        abar = ensure(abar, T * rt * H);
        rec = zeroed(rec, rt * H);
        for (int t = T - 1; t >= 0; t--) {
            for (int r = 0; r < rt; r++) {
                int s0 = (t * R + primal(map, r)) * H;
                int e0 = (t * rt + r) * H;
                for (int k = 0; k < H; k++) {
                    double hv = h[s0 + k];
                    double hb = hbarKept[s0 + k];
                    double hbd = hbarExtDot[e0 + k] + rec[r * H + k];
                    abar[e0 + k] = hbd * (1 - hv * hv) - 2 * hb * hv * hdot[e0 + k];
                }
            }
            if (t > 0) {
                gemm.multiply(abar, t * rt * H, rt, wHh, rec, 0, false);
            }
        }
        gemm.multiply(abar, 0, T * rt, wIh, xbarDot, 0, false);
    }
}
