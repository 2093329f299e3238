package io.brink.engine.cpu;

import io.brink.model.RecurrentLayer;

/**
 * LSTM passes with PyTorch semantics: i, f, g, o gates; c' = f c + i g; h' = o tanh(c').
 */
class LstmKernel extends RecurrentKernel {

    final double[] bias;
    private final double[] zeros;
    /** Activated gates (i, f, g, o) per step; first holds pre-activations during the forward. */
    double[] act = new double[0];
    double[] c = new double[0];
    double[] tc = new double[0];
    double[] cbarKept = new double[0];
    double[] zbar = new double[0];
    double[] rec = new double[0];
    double[] crec = new double[0];
    /** Tangent gates (di, df, dg, do) per step; first holds pre-activation tangents. */
    double[] dact = new double[0];
    double[] dc = new double[0];

    LstmKernel(RecurrentLayer layer, Gemm gemm) {
        super(layer, gemm);
        zeros = new double[hidden];
        bias = new double[width];
        for (int k = 0; k < width; k++) {
            bias[k] = layer.biasIh()[k] + layer.biasHh()[k];
        }
    }

    @Override
    void forward(double[] x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        final int H = hidden, W = width, R = rows;
        act = ensure(act, steps * R * W);
        c = ensure(c, steps * R * H);
        tc = ensure(tc, steps * R * H);
        h = ensure(h, steps * R * H);
        gemm.multiply(x, 0, steps * R, wIhT, act, 0, false);
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                gemm.multiply(h, (t - 1) * R * H, R, wHhT, act, t * R * W, true);
            }
            for (int r = 0; r < R; r++) {
                int g0 = (t * R + r) * W;
                int s0 = (t * R + r) * H;
                double[] cPrev = t > 0 ? c : zeros;
                int p0 = t > 0 ? ((t - 1) * R + r) * H : 0;
                forwardRow(cPrev, g0, s0, p0, 0);
            }
        }
    }

    /**
     * Element-wise forward of one row at one step, for gate units {@code from .. hidden-1}: gate activations
     * from the pre-activations in {@link #act} (written back), then the cell, its tanh and the hidden state.
     */
    void forwardRow(double[] cPrev, int g0, int s0, int p0, int from) {
        final int H = hidden;
        for (int k = from; k < H; k++) {
            double i = sigmoid(act[g0 + k] + bias[k]);
            double f = sigmoid(act[g0 + H + k] + bias[H + k]);
            double g = tanh(act[g0 + 2 * H + k] + bias[2 * H + k]);
            double o = sigmoid(act[g0 + 3 * H + k] + bias[3 * H + k]);
            double cp = cPrev[p0 + k];
            double cc = f * cp + i * g;
            double tcc = tanh(cc);
            act[g0 + k] = i;
            act[g0 + H + k] = f;
            act[g0 + 2 * H + k] = g;
            act[g0 + 3 * H + k] = o;
            c[s0 + k] = cc;
            tc[s0 + k] = tcc;
            h[s0 + k] = o * tcc;
        }
    }

    @Override
    void backward(double[] hbarExt, int rb, int[] map, boolean keep, double[] xbar) {
        final int H = hidden, W = width, R = rows, T = steps;
        zbar = ensure(zbar, T * rb * W);
        rec = zeroed(rec, rb * H);
        crec = zeroed(crec, rb * H);
        if (keep) {
            hbarKept = ensure(hbarKept, T * R * H);
            cbarKept = ensure(cbarKept, T * R * H);
        }
        for (int t = T - 1; t >= 0; t--) {
            for (int r = 0; r < rb; r++) {
                int p = primal(map, r);
                int g0 = (t * R + p) * W;
                int s0 = (t * R + p) * H;
                double[] cPrev = t > 0 ? c : zeros;
                int p0 = t > 0 ? ((t - 1) * R + p) * H : 0;
                int e0 = (t * rb + r) * H;
                int z0 = (t * rb + r) * W;
                backwardRow(hbarExt, cPrev, keep, g0, s0, p0, e0, z0, r * H, 0);
            }
            if (t > 0) {
                gemm.multiply(zbar, t * rb * W, rb, wHh, rec, 0, false);
            }
        }
        gemm.multiply(zbar, 0, T * rb, wIh, xbar, 0, false);
    }

    /**
     * Element-wise reverse step of one row, for gate units {@code from .. hidden-1}: from the external and the
     * carried adjoints, the gate pre-activation adjoints (into {@link #zbar} at {@code z0}) and the carried cell
     * adjoint (in {@link #crec} at {@code q0}); with {@code keep}, the total h and c adjoints at {@code e0}.
     */
    void backwardRow(double[] hbarExt, double[] cPrev, boolean keep, int g0, int s0, int p0, int e0, int z0, int q0, int from) {
        final int H = hidden;
        for (int k = from; k < H; k++) {
            double i = act[g0 + k], f = act[g0 + H + k], g = act[g0 + 2 * H + k], o = act[g0 + 3 * H + k];
            double tcv = tc[s0 + k];
            double cp = cPrev[p0 + k];
            double hb = hbarExt[e0 + k] + rec[q0 + k];
            double cbt = crec[q0 + k] + hb * o * (1 - tcv * tcv);
            zbar[z0 + k] = cbt * g * i * (1 - i);
            zbar[z0 + H + k] = cbt * cp * f * (1 - f);
            zbar[z0 + 2 * H + k] = cbt * i * (1 - g * g);
            zbar[z0 + 3 * H + k] = hb * tcv * o * (1 - o);
            crec[q0 + k] = cbt * f;
            if (keep) {
                hbarKept[e0 + k] = hb;
                cbarKept[e0 + k] = cbt;
            }
        }
    }

    @Override
    void tangentForward(double[] xdot, int rt, int[] map) {
        final int H = hidden, W = width, R = rows, T = steps;
        dact = ensure(dact, T * rt * W);
        dc = ensure(dc, T * rt * H);
        hdot = ensure(hdot, T * rt * H);
        gemm.multiply(xdot, 0, T * rt, wIhT, dact, 0, false);
        for (int t = 0; t < T; t++) {
            if (t > 0) {
                gemm.multiply(hdot, (t - 1) * rt * H, rt, wHhT, dact, t * rt * W, true);
            }
            for (int r = 0; r < rt; r++) {
                int p = primal(map, r);
                int g0 = (t * R + p) * W;
                int s0 = (t * R + p) * H;
                double[] cPrev = t > 0 ? c : zeros;
                double[] dcPrev = t > 0 ? dc : zeros;
                int p0 = t > 0 ? ((t - 1) * R + p) * H : 0;
                int d0 = (t * rt + r) * W;
                int e0 = (t * rt + r) * H;
                int q0 = t > 0 ? ((t - 1) * rt + r) * H : 0;
                tangentForwardRow(cPrev, dcPrev, g0, s0, p0, d0, e0, q0, 0);
            }
        }
    }

    /**
     * Element-wise tangent forward of one row at one step, for gate units {@code from .. hidden-1}: from the
     * pre-activation tangents in {@link #dact}, the gate tangents (written back to dact), dc and hdot.
     */
    void tangentForwardRow(double[] cPrev, double[] dcPrev, int g0, int s0, int p0, int d0, int e0, int q0, int from) {
        final int H = hidden;
        for (int k = from; k < H; k++) {
            double i = act[g0 + k], f = act[g0 + H + k], g = act[g0 + 2 * H + k], o = act[g0 + 3 * H + k];
            double tcv = tc[s0 + k];
            double cp = cPrev[p0 + k];
            double dcp = dcPrev[q0 + k];
            double di = i * (1 - i) * dact[d0 + k];
            double df = f * (1 - f) * dact[d0 + H + k];
            double dg = (1 - g * g) * dact[d0 + 2 * H + k];
            double dout = o * (1 - o) * dact[d0 + 3 * H + k];
            double dcc = df * cp + f * dcp + di * g + i * dg;
            double dtc = (1 - tcv * tcv) * dcc;
            dact[d0 + k] = di;
            dact[d0 + H + k] = df;
            dact[d0 + 2 * H + k] = dg;
            dact[d0 + 3 * H + k] = dout;
            dc[e0 + k] = dcc;
            hdot[e0 + k] = dout * tcv + o * dtc;
        }
    }

    @Override
    void tangentBackward(double[] hbarExtDot, int rt, int[] map, double[] xbarDot) {
        final int H = hidden, W = width, R = rows, T = steps;
        zbar = ensure(zbar, T * rt * W);
        rec = zeroed(rec, rt * H);
        crec = zeroed(crec, rt * H);
        for (int t = T - 1; t >= 0; t--) {
            for (int r = 0; r < rt; r++) {
                int p = primal(map, r);
                int g0 = (t * R + p) * W;
                int s0 = (t * R + p) * H;
                double[] cPrev = t > 0 ? c : zeros;
                double[] dcPrev = t > 0 ? dc : zeros;
                int p0 = t > 0 ? ((t - 1) * R + p) * H : 0;
                int d0 = (t * rt + r) * W;
                int e0 = (t * rt + r) * H;
                int q0 = t > 0 ? ((t - 1) * rt + r) * H : 0;
                tangentBackwardRow(hbarExtDot, cPrev, dcPrev, g0, s0, p0, d0, e0, q0, r * H, 0);
            }
            if (t > 0) {
                gemm.multiply(zbar, t * rt * W, rt, wHh, rec, 0, false);
            }
        }
        gemm.multiply(zbar, 0, T * rt, wIh, xbarDot, 0, false);
    }

    /**
     * Element-wise tangent reverse of one row at one step, for gate units {@code from .. hidden-1}: from the
     * kept adjoints and the tangents, the gate adjoint tangents (into {@link #zbar}) and the carried cell
     * adjoint tangent (in {@link #crec}, whose row starts at {@code a0}).
     */
    void tangentBackwardRow(double[] hbarExtDot, double[] cPrev, double[] dcPrev, int g0, int s0, int p0, int d0, int e0, int q0,
                            int a0, int from) {
        final int H = hidden;
        for (int k = from; k < H; k++) {
            double i = act[g0 + k], f = act[g0 + H + k], g = act[g0 + 2 * H + k], o = act[g0 + 3 * H + k];
            double tcv = tc[s0 + k];
            double cp = cPrev[p0 + k];
            double hb = hbarKept[s0 + k];
            double cbt = cbarKept[s0 + k];
            double di = dact[d0 + k], df = dact[d0 + H + k], dg = dact[d0 + 2 * H + k], dout = dact[d0 + 3 * H + k];
            double dcp = dcPrev[q0 + k];
            double s = 1 - tcv * tcv;
            double dtc = s * dc[e0 + k];
            double hbd = hbarExtDot[e0 + k] + rec[a0 + k];
            double cbtd = crec[a0 + k] + hbd * o * s + hb * dout * s - 2 * hb * o * tcv * dtc;
            double ib = cbt * g, fb = cbt * cp, gb = cbt * i, ob = hb * tcv;
            double ibd = cbtd * g + cbt * dg;
            double fbd = cbtd * cp + cbt * dcp;
            double gbd = cbtd * i + cbt * di;
            double obd = hbd * tcv + hb * dtc;
            zbar[d0 + k] = ibd * i * (1 - i) + ib * (1 - 2 * i) * di;
            zbar[d0 + H + k] = fbd * f * (1 - f) + fb * (1 - 2 * f) * df;
            zbar[d0 + 2 * H + k] = gbd * (1 - g * g) - 2 * gb * g * dg;
            zbar[d0 + 3 * H + k] = obd * o * (1 - o) + ob * (1 - 2 * o) * dout;
            crec[a0 + k] = cbtd * f + cbt * df;
        }
    }
}
