package io.brink.engine.cuda;

import io.brink.model.RecurrentLayer;

/** Elman (tanh) RNN passes on a GPU: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
final class GpuElman extends GpuLayer {

    private final long bias;
    /** Pre-activations (T × R × H), or their tangents (T × rt × H). */
    private final GpuBuffer pre;
    private final GpuBuffer dpre;
    private final GpuBuffer abar;

    GpuElman(Gpu gpu, RecurrentLayer layer) {
        super(gpu, layer);
        bias = upload(gpu, layer.biasIh(), layer.biasHh());
        pre = new GpuBuffer(gpu);
        dpre = new GpuBuffer(gpu);
        abar = new GpuBuffer(gpu);
    }

    @Override
    void forward(long x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        final int H = hidden, R = rows;
        pre.ensure((long) steps * R * H);
        h.ensure((long) steps * R * H);
        inputProjection(x, steps * R, pre.address());
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                recurrence(at(h, (long) (t - 1) * R * H), R, at(pre, (long) t * R * H), true);
            }
            gpu.launch(Kernel.ELMAN_FORWARD_STEP, (long) R * H, pre.address(), bias, h.address(), t, R, H);
        }
    }

    @Override
    void backward(long hbarExt, int rb, long map, boolean keep, long xbar) {
        final int H = hidden, R = rows, T = steps;
        abar.ensure((long) T * rb * H);
        rec.zeroed((long) rb * H);
        if (keep) {
            hbarKept.ensure((long) T * R * H);
        }
        for (int t = T - 1; t >= 0; t--) {
            gpu.launch(Kernel.ELMAN_BACKWARD_STEP, (long) rb * H, hbarExt, rec.address(), h.address(), abar.address(), hbarKept.address(),
                    map, flag(keep), t, R, rb, H);
            if (t > 0) {
                recurrenceAdjoint(at(abar, (long) t * rb * H), rb, rec.address());
            }
        }
        inputAdjoint(abar.address(), T * rb, xbar);
    }

    @Override
    void tangentForward(long xdot, int rt, long map) {
        final int H = hidden, R = rows, T = steps;
        dpre.ensure((long) T * rt * H);
        hdot.ensure((long) T * rt * H);
        inputProjection(xdot, T * rt, dpre.address());
        for (int t = 0; t < T; t++) {
            if (t > 0) {
                recurrence(at(hdot, (long) (t - 1) * rt * H), rt, at(dpre, (long) t * rt * H), true);
            }
            gpu.launch(Kernel.ELMAN_TANGENT_FORWARD_STEP, (long) rt * H, dpre.address(), h.address(), hdot.address(), map, t, R, rt, H);
        }
    }

    @Override
    void tangentBackward(long hbarExtDot, int rt, long map, long xbarDot) {
        final int H = hidden, R = rows, T = steps;
        abar.ensure((long) T * rt * H);
        rec.zeroed((long) rt * H);
        for (int t = T - 1; t >= 0; t--) {
            gpu.launch(Kernel.ELMAN_TANGENT_BACKWARD_STEP, (long) rt * H, hbarExtDot, rec.address(), h.address(), hdot.address(),
                    hbarKept.address(), abar.address(), map, t, R, rt, H);
            if (t > 0) {
                recurrenceAdjoint(at(abar, (long) t * rt * H), rt, rec.address());
            }
        }
        inputAdjoint(abar.address(), T * rt, xbarDot);
    }

    @Override
    public void close() {
        super.close();
        gpu.free(bias);
        pre.close();
        dpre.close();
        abar.close();
    }
}
