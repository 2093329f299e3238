package io.brink.engine.cuda;

import io.brink.model.RecurrentLayer;

/**
 * GRU passes on a GPU (PyTorch semantics: r, z, n; n = tanh(a_n + r (W_hn h + b_hn)); h' = (1 − z) n + z h). The
 * recurrent product of each step goes to its own buffer, as b_hn sits inside r's product.
 */
final class GpuGru extends GpuLayer {

    private final long biasIh;
    private final long biasHh;
    /** Input projections per step (T × R × 3H). */
    private final GpuBuffer ax;
    /** Per step (T × R × 4H): r, z, n and b_n = W_hn h + b_hn. */
    private final GpuBuffer cache;
    /** One step's recurrent product (rows × 3H). */
    private final GpuBuffer bh;
    private final GpuBuffer abar;
    private final GpuBuffer bbar;
    private final GpuBuffer direct;
    private final GpuBuffer dax;
    /** Tangent cache per step (T × rt × 4H): dr, dz, dn, d b_n. */
    private final GpuBuffer dcache;

    GpuGru(Gpu gpu, RecurrentLayer layer) {
        super(gpu, layer);
        biasIh = upload(gpu, layer.biasIh());
        biasHh = upload(gpu, layer.biasHh());
        ax = new GpuBuffer(gpu);
        cache = new GpuBuffer(gpu);
        bh = new GpuBuffer(gpu);
        abar = new GpuBuffer(gpu);
        bbar = new GpuBuffer(gpu);
        direct = new GpuBuffer(gpu);
        dax = new GpuBuffer(gpu);
        dcache = new GpuBuffer(gpu);
    }

    @Override
    void forward(long x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        final int H = hidden, W = width, R = rows;
        ax.ensure((long) steps * R * W);
        cache.ensure((long) steps * R * 4 * H);
        h.ensure((long) steps * R * H);
        bh.ensure((long) R * W);
        inputProjection(x, steps * R, ax.address());
        for (int t = 0; t < steps; t++) {
            if (t > 0) {
                recurrence(at(h, (long) (t - 1) * R * H), R, bh.address(), false);
            }
            gpu.launch(Kernel.GRU_FORWARD_STEP, (long) R * H, ax.address(), bh.address(), biasIh, biasHh, cache.address(), h.address(), t, R, H);
        }
    }

    @Override
    void backward(long hbarExt, int rb, long map, boolean keep, long xbar) {
        final int H = hidden, W = width, R = rows, T = steps;
        abar.ensure((long) T * rb * W);
        bbar.ensure((long) rb * W);
        rec.zeroed((long) rb * H);
        direct.ensure((long) rb * H);
        if (keep) {
            hbarKept.ensure((long) T * R * H);
        }
        for (int t = T - 1; t >= 0; t--) {
            gpu.launch(Kernel.GRU_BACKWARD_STEP, (long) rb * H, hbarExt, rec.address(), cache.address(), h.address(), abar.address(),
                    bbar.address(), direct.address(), hbarKept.address(), map, flag(keep), t, R, rb, H);
            if (t > 0) {
                recurrenceAdjoint(bbar.address(), rb, rec.address());
                gpu.launch(Kernel.ADD_INTO, (long) rb * H, rec.address(), direct.address(), (long) rb * H);
            }
        }
        inputAdjoint(abar.address(), T * rb, xbar);
    }

    @Override
    void tangentForward(long xdot, int rt, long map) {
        final int H = hidden, W = width, R = rows, T = steps;
        dax.ensure((long) T * rt * W);
        dcache.ensure((long) T * rt * 4 * H);
        hdot.ensure((long) T * rt * H);
        bh.ensure((long) rt * W);
        inputProjection(xdot, T * rt, dax.address());
        for (int t = 0; t < T; t++) {
            if (t > 0) {
                recurrence(at(hdot, (long) (t - 1) * rt * H), rt, bh.address(), false);
            }
            gpu.launch(Kernel.GRU_TANGENT_FORWARD_STEP, (long) rt * H, dax.address(), bh.address(), cache.address(), h.address(),
                    dcache.address(), hdot.address(), map, t, R, rt, H);
        }
    }

    @Override
    void tangentBackward(long hbarExtDot, int rt, long map, long xbarDot) {
        final int H = hidden, W = width, R = rows, T = steps;
        abar.ensure((long) T * rt * W);
        bbar.ensure((long) rt * W);
        rec.zeroed((long) rt * H);
        direct.ensure((long) rt * H);
        for (int t = T - 1; t >= 0; t--) {
            gpu.launch(Kernel.GRU_TANGENT_BACKWARD_STEP, (long) rt * H, hbarExtDot, rec.address(), cache.address(), h.address(),
                    dcache.address(), hdot.address(), hbarKept.address(), abar.address(), bbar.address(), direct.address(), map,
                    t, R, rt, H);
            if (t > 0) {
                recurrenceAdjoint(bbar.address(), rt, rec.address());
                gpu.launch(Kernel.ADD_INTO, (long) rt * H, rec.address(), direct.address(), (long) rt * H);
            }
        }
        inputAdjoint(abar.address(), T * rt, xbarDot);
    }

    @Override
    public void close() {
        super.close();
        gpu.free(biasIh);
        gpu.free(biasHh);
        for (GpuBuffer b : new GpuBuffer[] {ax, cache, bh, abar, bbar, direct, dax, dcache}) {
            b.close();
        }
    }
}
