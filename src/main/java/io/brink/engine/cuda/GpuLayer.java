package io.brink.engine.cuda;

import io.brink.model.RecurrentLayer;

/**
 * The four batched passes of one recurrent layer on a GPU, over time-major sequences (index (t·rows + r)·width + k),
 * with the CPU kernels' formulas and caches ({@code io.brink.engine.cpu.RecurrentKernel}): primal forward, the reverse
 * pass to the input adjoint, and the tangent forward and tangent reverse of forward-over-reverse differentiation.
 * Reverse and tangent passes run on their own row count with a device row map (0 = identity) naming each row's
 * primal window. Each step is one cuBLAS product for the recurrence and one element-wise kernel; the input
 * projections of all steps are one product.
 */
abstract class GpuLayer implements AutoCloseable {

    final Gpu gpu;
    final int in;
    final int hidden;
    final int width;
    /** W_ih (width × in) and W_hh (width × hidden), row-major as PyTorch stores them. */
    final long wIh;
    final long wHh;

    int steps;
    int rows;
    /** Primal hidden states, T × rows × hidden. */
    final GpuBuffer h;
    /** Tangent hidden states of the last tangent forward, T × tangentRows × hidden. */
    final GpuBuffer hdot;
    /** Total adjoint of h per step, kept from the last reverse pass with keep. */
    final GpuBuffer hbarKept;
    /** The carried recurrent adjoint (rows × hidden). */
    final GpuBuffer rec;

    GpuLayer(Gpu gpu, RecurrentLayer layer) {
        this.gpu = gpu;
        this.in = layer.inputSize();
        this.hidden = layer.hiddenSize();
        this.width = layer.cell().gates() * hidden;
        this.wIh = upload(gpu, layer.weightIh());
        this.wHh = upload(gpu, layer.weightHh());
        h = new GpuBuffer(gpu);
        hdot = new GpuBuffer(gpu);
        hbarKept = new GpuBuffer(gpu);
        rec = new GpuBuffer(gpu);
    }

    static GpuLayer create(Gpu gpu, RecurrentLayer layer) {
        return switch (layer.cell()) {
            case LSTM -> new GpuLstm(gpu, layer);
            case GRU -> new GpuGru(gpu, layer);
            case RNN_TANH -> new GpuElman(gpu, layer);
        };
    }

    static long upload(Gpu gpu, double[] values) {
        long a = gpu.alloc(values.length);
        gpu.upload(values, 0, values.length, a);
        return a;
    }

    /** Sum of two bias vectors on the device (the cells that add b_ih and b_hh before the activation). */
    static long upload(Gpu gpu, double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return upload(gpu, sum);
    }

    /** Primal forward of x (time-major T × R × in at {@code x}); fills {@link #h} and the cell caches. */
    abstract void forward(long x, int steps, int rows);

    /**
     * Reverse pass from the external adjoint of h (T × rb × hidden) to the input adjoint (T × rb × in) at {@code xbar};
     * with {@code keep} (rb == rows, identity map) the adjoints the tangent reverse needs are kept.
     */
    abstract void backward(long hbarExt, int rb, long map, boolean keep, long xbar);

    /** Tangent forward of the input tangent (T × rt × in); fills {@link #hdot}. */
    abstract void tangentForward(long xdot, int rt, long map);

    /** Tangent of the reverse pass, after a tangent forward on the same rows and a kept reverse pass. */
    abstract void tangentBackward(long hbarExtDot, int rt, long map, long xbarDot);

    /** y = x·W_ihᵀ for all steps at once (rows T·R). */
    void inputProjection(long x, int allRows, long out) {
        gpu.blas.product(wIh, width, in, true, x, allRows, out, false);
    }

    /** out (+)= h_prev·W_hhᵀ for one step. */
    void recurrence(long hPrev, int r, long out, boolean accumulate) {
        gpu.blas.product(wHh, width, hidden, true, hPrev, r, out, accumulate);
    }

    /** rec = gates' adjoint · W_hh for one step (the adjoint carried to the step before). */
    void recurrenceAdjoint(long gatesBar, int r, long out) {
        gpu.blas.product(wHh, width, hidden, false, gatesBar, r, out, false);
    }

    /** xbar = gates' adjoint · W_ih for all steps. */
    void inputAdjoint(long gatesBar, int allRows, long xbar) {
        gpu.blas.product(wIh, width, in, false, gatesBar, allRows, xbar, false);
    }

    /** Address of value {@code values} of a buffer. */
    long at(GpuBuffer b, long values) {
        return gpu.offset(b.address(), values);
    }

    static int flag(boolean b) {
        return b ? 1 : 0;
    }

    /** Releases this layer's own buffers (the subclasses add theirs). */
    @Override
    public void close() {
        gpu.free(wIh);
        gpu.free(wHh);
        h.close();
        hdot.close();
        hbarKept.close();
        rec.close();
    }
}
