package io.brink.engine.cuda;

import io.brink.model.SequenceClassifier;

/**
 * One network on a GPU: its recurrent layers and head, evaluated and differentiated on time-major windows
 * (T × rows × d) in device memory — logits, the input gradient of a logit combination, and the two halves of an exact
 * Hessian-vector product (tangent forward, then the tangent of the kept reverse pass). The GPU counterpart of the
 * CPU's {@code BatchEvaluator}; holds the primal caches of its last forward.
 */
final class GpuNetwork implements AutoCloseable {

    private final Gpu gpu;
    private final GpuLayer[] layers;
    private final GpuHead head;
    private final GpuBuffer[] adjoint;
    private final GpuBuffer[] adjointDot;
    private final GpuBuffer headOut;
    private final GpuBuffer dropped;
    private int steps;
    private int rows;

    GpuNetwork(Gpu gpu, SequenceClassifier model) {
        this.gpu = gpu;
        layers = new GpuLayer[model.recurrent().size()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = GpuLayer.create(gpu, model.recurrent().get(l));
        }
        head = new GpuHead(gpu, model.head());
        adjoint = new GpuBuffer[layers.length];
        adjointDot = new GpuBuffer[layers.length];
        for (int l = 0; l < layers.length; l++) {
            adjoint[l] = new GpuBuffer(gpu);
            adjointDot[l] = new GpuBuffer(gpu);
        }
        headOut = new GpuBuffer(gpu);
        dropped = new GpuBuffer(gpu);
    }

    int classes() {
        return head.classes();
    }

    /**
     * Forward pass; returns the address of the logits (rows × classes), valid until the next forward. {@code masks}
     * (null: none) gives per layer the address of a dropout mask (T × rows × hidden bytes, 0 where the layer keeps its
     * output) applied to the layer's output with {@code keepScale} = 1/(1 − rate); a dropped-out forward is not for
     * differentiating.
     */
    long forward(long x, int steps, int rows, long[] masks, double keepScale) {
        this.steps = steps;
        this.rows = rows;
        long in = x;
        for (int l = 0; l < layers.length; l++) {
            GpuLayer layer = layers[l];
            layer.forward(in, steps, rows);
            in = layer.h.address();
            if (masks != null && l < masks.length && masks[l] != 0) {
                long n = (long) steps * rows * layer.hidden;
                long out = dropped.ensure(n);
                gpu.launch(Kernel.DROPOUT_APPLY, n, in, masks[l], out, keepScale, n);
                in = out;
            }
        }
        GpuLayer top = layers[layers.length - 1];
        head.forward(gpu.offset(in, (long) (steps - 1) * rows * top.hidden), rows);
        return head.logits();
    }

    /**
     * Input gradient of {@code seed · logits} (seed: rb × classes on the device) for rb rows mapped to primal rows,
     * written time-major (T × rb × d) at {@code out}; with {@code keep} (rb == rows, identity) the adjoints are kept.
     */
    void gradient(long seed, int rb, long map, boolean keep, long out) {
        if (keep && (rb != rows || map != 0)) {
            throw new IllegalArgumentException("a kept gradient covers every primal row in order");
        }
        int topWidth = layers[layers.length - 1].hidden;
        headOut.ensure((long) rb * topWidth);
        head.backward(seed, rb, map, keep, headOut.address());
        adjointInto(adjoint, layers.length - 1, rb, topWidth, headOut.address());
        for (int l = layers.length - 1; l >= 0; l--) {
            long xbar = l == 0 ? out : adjoint[l - 1].ensure((long) steps * rb * layers[l].in);
            layers[l].backward(adjoint[l].address(), rb, map, keep, xbar);
        }
    }

    /** First half of a Hessian-vector product: the tangent pass along v (T × rt × d); returns the address of ż (rt × classes). */
    long tangentForward(long v, int rt, long map) {
        long in = v;
        for (GpuLayer layer : layers) {
            layer.tangentForward(in, rt, map);
            in = layer.hdot.address();
        }
        GpuLayer top = layers[layers.length - 1];
        head.tangentForward(gpu.offset(top.hdot.address(), (long) (steps - 1) * rt * top.hidden), rt, map);
        return head.logitTangent();
    }

    /** Second half: the tangent of the kept reverse pass ({@code seedDot} 0 for a constant seed), time-major at {@code out}. */
    void tangentBackward(long seedDot, int rt, long map, long out) {
        int topWidth = layers[layers.length - 1].hidden;
        headOut.ensure((long) rt * topWidth);
        head.tangentBackward(seedDot, rt, map, headOut.address());
        adjointInto(adjointDot, layers.length - 1, rt, topWidth, headOut.address());
        for (int l = layers.length - 1; l >= 0; l--) {
            long xbarDot = l == 0 ? out : adjointDot[l - 1].ensure((long) steps * rt * layers[l].in);
            layers[l].tangentBackward(adjointDot[l].address(), rt, map, xbarDot);
        }
    }

    /** The top layer's external adjoint: zero at every step but the last, which gets the head's (rb × width at src). */
    private void adjointInto(GpuBuffer[] buffers, int top, int rb, int topWidth, long src) {
        long ext = buffers[top].zeroed((long) steps * rb * topWidth);
        gpu.copy(src, gpu.offset(ext, (long) (steps - 1) * rb * topWidth), (long) rb * topWidth);
    }

    /** Hidden units of each recurrent layer (for dropout masks). */
    int[] hiddenSizes() {
        int[] out = new int[layers.length];
        for (int l = 0; l < layers.length; l++) {
            out[l] = layers[l].hidden;
        }
        return out;
    }

    @Override
    public void close() {
        for (GpuLayer l : layers) {
            l.close();
        }
        head.close();
        for (int l = 0; l < layers.length; l++) {
            adjoint[l].close();
            adjointDot[l].close();
        }
        headOut.close();
        dropped.close();
    }
}
