package io.brink.engine.cpu;

import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.model.SequenceClassifier;

/**
 * Evaluates a classifier on a batch of time-major windows ({@code T × rows × d}) and differentiates it:
 * logits, the input gradient of a logit combination, and exact Hessian-vector products of that
 * combination by forward-over-reverse. Holds the primal caches of the last forward; the kernel of one
 * {@link CpuTape}.
 */
final class BatchEvaluator implements Member {

    private final RecurrentKernel[] layers;
    private final DenseHead head;
    private final Gemm gemm;
    private int steps;
    private int rows;
    private double[][] adjoint;
    private double[][] adjointDot;
    private double[] headOut = new double[0];

    BatchEvaluator(SequenceClassifier model, Precision precision) {
        gemm = new Gemm(precision);
        layers = new RecurrentKernel[model.recurrent().size()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = RecurrentKernel.create(model.recurrent().get(l), gemm);
        }
        head = new DenseHead(model.head(), gemm);
        adjoint = new double[layers.length][0];
        adjointDot = new double[layers.length][0];
    }

    @Override
    public GemmWork gemmWork() {
        return gemm.work();
    }

    @Override
    public void close() {
        gemm.close();
    }

    @Override
    public int classes() {
        return head.classes();
    }

    @Override
    public double[] forward(double[] x, int steps, int rows) {
        return forward(x, steps, rows, null);
    }

    @Override
    public double[] memberLogits(int rows) {
        return java.util.Arrays.copyOf(head.logits(), rows * head.classes());
    }

    @Override
    public double[] forwardDropout(double[] x, int steps, int rows, Dropout dropout) {
        return forward(x, steps, rows, dropout);
    }

    /**
     * Forward pass, with inverted dropout on the outputs of the layers {@code dropout} names (null: none); returns the
     * logits (rows × classes), valid until the next forward. A dropped-out forward's caches are not for differentiating.
     */
    private double[] forward(double[] x, int steps, int rows, Dropout dropout) {
        this.steps = steps;
        this.rows = rows;
        double[] in = x;
        for (int l = 0; l < layers.length; l++) {
            RecurrentKernel layer = layers[l];
            layer.forward(in, steps, rows);
            in = layer.h;
            if (dropout != null && dropout.drops(l)) {
                in = dropout.apply(l, layer.h, steps, rows, layer.hidden);
            }
        }
        RecurrentKernel top = layers[layers.length - 1];
        head.forward(in, (steps - 1) * rows * top.hidden, rows);
        return head.logits();
    }

    /**
     * Input gradient of {@code seed · logits} for rb rows mapped to primal windows, written time-major
     * (T × rb × d) to {@code out}. With {@code keep} (rb == rows, identity map) the adjoints are kept
     * for {@link #hessianVector}.
     */
    @Override
    public void gradient(double[] seed, int rb, int[] map, boolean keep, double[] out) {
        if (keep && (rb != rows || map != null)) {
            throw new IllegalArgumentException("a kept gradient covers every primal row in order");
        }
        RecurrentKernel top = layers[layers.length - 1];
        int topWidth = top.hidden;
        headOut = RecurrentKernel.ensure(headOut, rb * topWidth);
        head.backward(seed, rb, map, keep, headOut);
        double[] ext = adjoint[layers.length - 1] = RecurrentKernel.zeroed(adjoint[layers.length - 1], steps * rb * topWidth);
        System.arraycopy(headOut, 0, ext, (steps - 1) * rb * topWidth, rb * topWidth);
        for (int l = layers.length - 1; l >= 0; l--) {
            double[] xbar;
            if (l == 0) {
                xbar = out;
            } else {
                xbar = adjoint[l - 1] = RecurrentKernel.ensure(adjoint[l - 1], steps * rb * layers[l].in);
            }
            layers[l].backward(adjoint[l], rb, map, keep, xbar);
        }
    }

    /**
     * Exact Hessian-vector products of the kept gradient's logit combination for rt tangent rows
     * (time-major {@code v}, T × rt × d), written time-major to {@code out}.
     */
    @Override
    public void hessianVector(double[] v, int rt, int[] map, double[] out) {
        tangentForward(v, rt, map);
        tangentBackward(null, rt, map, out);
    }

    /**
     * First half of a Hessian-vector product: the tangent pass along {@code v} (time-major, T × rt × d) at the mapped
     * primal rows; returns the logits' tangent ż = J·v (rt × classes), valid until the next call.
     */
    @Override
    public double[] tangentForward(double[] v, int rt, int[] map) {
        double[] in = v;
        for (RecurrentKernel layer : layers) {
            layer.tangentForward(in, rt, map);
            in = layer.hdot;
        }
        RecurrentKernel top = layers[layers.length - 1];
        int topWidth = top.hidden;
        head.tangentForward(top.hdot, (steps - 1) * rt * topWidth, rt, map);
        return head.logitTangent();
    }

    /**
     * Second half: the tangent of the reverse pass of the kept gradient, with {@code seedDot} the tangent of its logit
     * seed (rt × classes; null when the seed is constant), written time-major to {@code out}.
     */
    @Override
    public void tangentBackward(double[] seedDot, int rt, int[] map, double[] out) {
        RecurrentKernel top = layers[layers.length - 1];
        int topWidth = top.hidden;
        headOut = RecurrentKernel.ensure(headOut, rt * topWidth);
        head.tangentBackward(seedDot, rt, map, headOut);
        double[] ext = adjointDot[layers.length - 1] = RecurrentKernel.zeroed(adjointDot[layers.length - 1], steps * rt * topWidth);
        System.arraycopy(headOut, 0, ext, (steps - 1) * rt * topWidth, rt * topWidth);
        for (int l = layers.length - 1; l >= 0; l--) {
            double[] xbarDot;
            if (l == 0) {
                xbarDot = out;
            } else {
                xbarDot = adjointDot[l - 1] = RecurrentKernel.ensure(adjointDot[l - 1], steps * rt * layers[l].in);
            }
            layers[l].tangentBackward(adjointDot[l], rt, map, xbarDot);
        }
    }
}
