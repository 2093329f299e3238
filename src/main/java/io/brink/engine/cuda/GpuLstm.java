package io.brink.engine.cuda;

import io.brink.model.RecurrentLayer;

/** LSTM passes on a GPU (PyTorch semantics: gates i, f, g, o; c' = f c + i g; h' = o tanh c'). */
final class GpuLstm extends GpuLayer {

    private final long bias;
    /** Activated gates per step (T × R × 4H; pre-activations during the forward). */
    private final GpuBuffer act;
    private final GpuBuffer c;
    private final GpuBuffer tc;
    private final GpuBuffer cbarKept;
    private final GpuBuffer crec;
    /** Gate pre-activation adjoints (or their tangents), T × rows × 4H. */
    private final GpuBuffer zbar;
    /** Tangent gates per step (T × rt × 4H). */
    private final GpuBuffer dact;
    private final GpuBuffer dc;

    GpuLstm(Gpu gpu, RecurrentLayer layer) {
        super(gpu, layer);
        bias = upload(gpu, layer.biasIh(), layer.biasHh());
        act = new GpuBuffer(gpu);
        c = new GpuBuffer(gpu);
        tc = new GpuBuffer(gpu);
        cbarKept = new GpuBuffer(gpu);
        crec = new GpuBuffer(gpu);
        zbar = new GpuBuffer(gpu);
        dact = new GpuBuffer(gpu);
        dc = new GpuBuffer(gpu);
    }

    @Override
    void forward(long x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        final int H = hidden, W = width, R = rows;
        act.ensure((long) steps * R * W);
        c.ensure((long) steps * R * H);
        tc.ensure((long) steps * R * H);
        h.ensure((long) steps * R * H);
        inputProjection(x, steps * R, act.address());
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                recurrence(at(h, (long) (t - 1) * R * H), R, at(act, (long) t * R * W), true);
            }
            gpu.launch(Kernel.LSTM_FORWARD_STEP, (long) R * H, act.address(), c.address(), tc.address(), h.address(), bias, t, R, H);
        }
    }

    @Override
    void backward(long hbarExt, int rb, long map, boolean keep, long xbar) {
        final int H = hidden, W = width, R = rows, T = steps;
        zbar.ensure((long) T * rb * W);
        rec.zeroed((long) rb * H);
        crec.zeroed((long) rb * H);
        if (keep) {
            hbarKept.ensure((long) T * R * H);
            cbarKept.ensure((long) T * R * H);
        }
        for (int t = T - 1; t >= 0; t--) {
            gpu.launch(Kernel.LSTM_BACKWARD_STEP, (long) rb * H, hbarExt, rec.address(), crec.address(), act.address(), c.address(),
                    tc.address(), zbar.address(), hbarKept.address(), cbarKept.address(), map, flag(keep), t, R, rb, H);
            if (t > 0) {
                recurrenceAdjoint(at(zbar, (long) t * rb * W), rb, rec.address());
            }
        }
        inputAdjoint(zbar.address(), T * rb, xbar);
    }

    @Override
    void tangentForward(long xdot, int rt, long map) {
        final int H = hidden, W = width, R = rows, T = steps;
        dact.ensure((long) T * rt * W);
        dc.ensure((long) T * rt * H);
        hdot.ensure((long) T * rt * H);
        inputProjection(xdot, T * rt, dact.address());
        for (int t = 0; t < T; t++) {
            if (t > 0) {
                recurrence(at(hdot, (long) (t - 1) * rt * H), rt, at(dact, (long) t * rt * W), true);
            }
            gpu.launch(Kernel.LSTM_TANGENT_FORWARD_STEP, (long) rt * H, dact.address(), dc.address(), hdot.address(), act.address(),
                    c.address(), tc.address(), map, t, R, rt, H);
        }
    }

    @Override
    void tangentBackward(long hbarExtDot, int rt, long map, long xbarDot) {
        final int H = hidden, W = width, R = rows, T = steps;
        zbar.ensure((long) T * rt * W);
        rec.zeroed((long) rt * H);
        crec.zeroed((long) rt * H);
        for (int t = T - 1; t >= 0; t--) {
            gpu.launch(Kernel.LSTM_TANGENT_BACKWARD_STEP, (long) rt * H, hbarExtDot, rec.address(), crec.address(), act.address(),
                    c.address(), tc.address(), dact.address(), dc.address(), hbarKept.address(), cbarKept.address(),
                    zbar.address(), map, t, R, rt, H);
            if (t > 0) {
                recurrenceAdjoint(at(zbar, (long) t * rt * W), rt, rec.address());
            }
        }
        inputAdjoint(zbar.address(), T * rt, xbarDot);
    }

    @Override
    public void close() {
        super.close();
        gpu.free(bias);
        for (GpuBuffer b : new GpuBuffer[] {act, c, tc, cbarKept, crec, zbar, dact, dc}) {
            b.close();
        }
    }
}
