package io.brink.engine.cuda;

import io.brink.model.DenseLayer;

import java.util.List;

/**
 * The dense head on a GPU (dense layers on the last hidden state): forward, reverse and the two tangent passes, with
 * the CPU head's formulas ({@code io.brink.engine.cpu.DenseHead}) and the same row-map convention as {@link GpuLayer}.
 */
final class GpuHead implements AutoCloseable {

    private final Gpu gpu;
    private final int depth;
    private final int[] inputs;
    private final int[] outputs;
    private final int[] activations;
    private final long[] weights;
    private final long[] biases;
    private final GpuBuffer[] u;
    private final GpuBuffer[] a;
    private final GpuBuffer[] abarKept;
    private final GpuBuffer[] udot;
    private final GpuBuffer[] adot;
    /** Adjoints between layers (reverse) and their tangents, ping-ponged. */
    private final GpuBuffer[] flow;
    private final GpuBuffer ubar;

    GpuHead(Gpu gpu, List<DenseLayer> layers) {
        this.gpu = gpu;
        depth = layers.size();
        inputs = new int[depth];
        outputs = new int[depth];
        activations = new int[depth];
        weights = new long[depth];
        biases = new long[depth];
        u = new GpuBuffer[depth];
        a = new GpuBuffer[depth];
        abarKept = new GpuBuffer[depth + 1];
        udot = new GpuBuffer[depth];
        adot = new GpuBuffer[depth];
        for (int l = 0; l < depth; l++) {
            DenseLayer d = layers.get(l);
            inputs[l] = d.inputSize();
            outputs[l] = d.outputSize();
            activations[l] = d.activation().ordinal();
            weights[l] = GpuLayer.upload(gpu, d.weight());
            biases[l] = GpuLayer.upload(gpu, d.bias());
            u[l] = new GpuBuffer(gpu);
            a[l] = new GpuBuffer(gpu);
            udot[l] = new GpuBuffer(gpu);
            adot[l] = new GpuBuffer(gpu);
        }
        for (int l = 0; l <= depth; l++) {
            abarKept[l] = new GpuBuffer(gpu);
        }
        flow = new GpuBuffer[] {new GpuBuffer(gpu), new GpuBuffer(gpu)};
        ubar = new GpuBuffer(gpu);
    }

    int classes() {
        return outputs[depth - 1];
    }

    /** Address of the logits of the last forward (rows × classes). */
    long logits() {
        return a[depth - 1].address();
    }

    /** Address of the logits' tangent of the last tangent forward (rt × classes). */
    long logitTangent() {
        return adot[depth - 1].address();
    }

    void forward(long in, int rows) {
        long src = in;
        for (int l = 0; l < depth; l++) {
            int n = outputs[l];
            u[l].ensure((long) rows * n);
            a[l].ensure((long) rows * n);
            gpu.blas.product(weights[l], n, inputs[l], true, src, rows, u[l].address(), false);
            gpu.launch(Kernel.DENSE_FORWARD, (long) rows * n, u[l].address(), biases[l], a[l].address(), rows, n, activations[l]);
            src = a[l].address();
        }
    }

    /** Reverse pass from the logit adjoint {@code seed} (rb × classes) to the last hidden state's adjoint at {@code out}. */
    void backward(long seed, int rb, long map, boolean keep, long out) {
        long abar = seed;
        for (int l = depth - 1; l >= 0; l--) {
            int n = outputs[l];
            if (keep) {
                abarKept[l + 1].ensure((long) rb * n);
                gpu.copy(abar, abarKept[l + 1].address(), (long) rb * n);
            }
            ubar.ensure((long) rb * n);
            gpu.launch(Kernel.DENSE_BACKWARD, (long) rb * n, abar, u[l].address(), a[l].address(), ubar.address(), map, rb, n, activations[l]);
            long next = l == 0 ? out : flow[l % 2].ensure((long) rb * inputs[l]);
            gpu.blas.product(weights[l], n, inputs[l], false, ubar.address(), rb, next, false);
            abar = next;
        }
    }

    /** Tangent forward from the last hidden state's tangent (rt × width at {@code in}). */
    void tangentForward(long in, int rt, long map) {
        long src = in;
        for (int l = 0; l < depth; l++) {
            int n = outputs[l];
            udot[l].ensure((long) rt * n);
            adot[l].ensure((long) rt * n);
            gpu.blas.product(weights[l], n, inputs[l], true, src, rt, udot[l].address(), false);
            gpu.launch(Kernel.DENSE_TANGENT_FORWARD, (long) rt * n, udot[l].address(), u[l].address(), a[l].address(), adot[l].address(),
                    map, rt, n, activations[l]);
            src = adot[l].address();
        }
    }

    /**
     * Tangent of the reverse pass, to the tangent of the last hidden state's adjoint at {@code out}; {@code seedDot} is
     * the tangent of the logit adjoint (rt × classes), 0 for a constant seed.
     */
    void tangentBackward(long seedDot, int rt, long map, long out) {
        long abarDot = seedDot;
        for (int l = depth - 1; l >= 0; l--) {
            int n = outputs[l];
            ubar.ensure((long) rt * n);
            gpu.launch(Kernel.DENSE_TANGENT_BACKWARD, (long) rt * n, abarDot, abarKept[l + 1].address(), u[l].address(), a[l].address(),
                    udot[l].address(), ubar.address(), map, rt, n, activations[l]);
            long next = l == 0 ? out : flow[l % 2].ensure((long) rt * inputs[l]);
            gpu.blas.product(weights[l], n, inputs[l], false, ubar.address(), rt, next, false);
            abarDot = next;
        }
    }

    @Override
    public void close() {
        for (int l = 0; l < depth; l++) {
            gpu.free(weights[l]);
            gpu.free(biases[l]);
            u[l].close();
            a[l].close();
            udot[l].close();
            adot[l].close();
        }
        for (GpuBuffer b : abarKept) {
            b.close();
        }
        flow[0].close();
        flow[1].close();
        ubar.close();
    }
}
