package io.brink.engine.cpu;

import io.brink.model.Activation;
import io.brink.model.DenseLayer;

import java.util.Arrays;
import java.util.List;

/**
 * Batched passes of the classifier head (dense layers on the last hidden state): forward, reverse
 * and the two tangent passes, with the same row-map convention as {@link RecurrentKernel}.
 */
final class DenseHead {

    private final Gemm gemm;
    private final int depth;
    private final int[] inputs;
    private final int[] outputs;
    private final double[][] biases;
    private final Activation[] activations;
    private final Gemm.Matrix[] weightT;
    private final Gemm.Matrix[] weight;

    private final double[][] u;
    private final double[][] a;
    private final double[][] abarKept;
    private final double[][] udot;
    private double[] bufA = new double[0];
    private double[] bufB = new double[0];
    /** Tangent of the logits of the last {@link #tangentForward} (rt × classes). */
    private double[] logitDot = new double[0];

    DenseHead(List<DenseLayer> layers, Gemm gemm) {
        this.gemm = gemm;
        depth = layers.size();
        inputs = new int[depth];
        outputs = new int[depth];
        biases = new double[depth][];
        activations = new Activation[depth];
        weightT = new Gemm.Matrix[depth];
        weight = new Gemm.Matrix[depth];
        for (int l = 0; l < depth; l++) {
            DenseLayer d = layers.get(l);
            inputs[l] = d.inputSize();
            outputs[l] = d.outputSize();
            biases[l] = d.bias().clone();
            activations[l] = d.activation();
            weightT[l] = gemm.matrix(d.weight(), d.outputSize(), d.inputSize(), true);
            weight[l] = gemm.matrix(d.weight(), d.outputSize(), d.inputSize(), false);
        }
        u = new double[depth][0];
        a = new double[depth][0];
        abarKept = new double[depth + 1][0];
        udot = new double[depth][0];
    }

    int classes() {
        return outputs[depth - 1];
    }

    /** Logits of the last forward (rows × classes). */
    double[] logits() {
        return a[depth - 1];
    }

    void forward(double[] in, int inOff, int rows) {
        double[] src = in;
        int off = inOff;
        for (int l = 0; l < depth; l++) {
            int n = outputs[l];
            u[l] = RecurrentKernel.ensure(u[l], rows * n);
            a[l] = RecurrentKernel.ensure(a[l], rows * n);
            gemm.multiply(src, off, rows, weightT[l], u[l], 0, false);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    double v = u[l][r * n + j] + biases[l][j];
                    u[l][r * n + j] = v;
                    a[l][r * n + j] = activations[l].apply(v);
                }
            }
            src = a[l];
            off = 0;
        }
    }

    /** Reverse pass from the logit adjoint {@code seed} (rb × classes) to the last hidden state's adjoint (rb × width). */
    void backward(double[] seed, int rb, int[] map, boolean keep, double[] out) {
        double[] abar = Arrays.copyOf(seed, rb * classes());
        for (int l = depth - 1; l >= 0; l--) {
            int n = outputs[l];
            if (keep) {
                abarKept[l + 1] = RecurrentKernel.ensure(abarKept[l + 1], rb * n);
                System.arraycopy(abar, 0, abarKept[l + 1], 0, rb * n);
            }
            double[] ubar = bufA = RecurrentKernel.ensure(bufA, rb * n);
            for (int r = 0; r < rb; r++) {
                int p = RecurrentKernel.primal(map, r);
                for (int j = 0; j < n; j++) {
                    ubar[r * n + j] = abar[r * n + j] * activations[l].derivative(u[l][p * n + j], a[l][p * n + j]);
                }
            }
            double[] next = l == 0 ? out : new double[rb * inputs[l]];
            gemm.multiply(ubar, 0, rb, weight[l], next, 0, false);
            abar = next;
        }
    }

    /** Tangent forward from the tangent of the last hidden state (rt × width at {@code inOff}). */
    void tangentForward(double[] in, int inOff, int rt, int[] map) {
        double[] src = in;
        int off = inOff;
        for (int l = 0; l < depth; l++) {
            int n = outputs[l];
            udot[l] = RecurrentKernel.ensure(udot[l], rt * n);
            gemm.multiply(src, off, rt, weightT[l], udot[l], 0, false);
            double[] adot = new double[rt * n];
            for (int r = 0; r < rt; r++) {
                int p = RecurrentKernel.primal(map, r);
                for (int j = 0; j < n; j++) {
                    adot[r * n + j] = activations[l].derivative(u[l][p * n + j], a[l][p * n + j]) * udot[l][r * n + j];
                }
            }
            src = adot;
            off = 0;
        }
        logitDot = src;
    }

    /** Tangent of the logits from the last {@link #tangentForward} (rt × classes), valid until the next one. */
    double[] logitTangent() {
        return logitDot;
    }

    /**
     * Tangent of the reverse pass: writes the tangent of the last hidden state's adjoint (rt × width). {@code seedDot}
     * is the tangent of the logit adjoint (rt × classes): null for a seed that does not move (an objective linear in
     * the logits), the seed's derivative along the tangent for one that does (an ensemble's log-mean-exp head).
     */
    void tangentBackward(double[] seedDot, int rt, int[] map, double[] out) {
        double[] abarDot = seedDot == null ? new double[rt * classes()] : Arrays.copyOf(seedDot, rt * classes());
        for (int l = depth - 1; l >= 0; l--) {
            int n = outputs[l];
            double[] ubarDot = bufB = RecurrentKernel.ensure(bufB, rt * n);
            for (int r = 0; r < rt; r++) {
                int p = RecurrentKernel.primal(map, r);
                for (int j = 0; j < n; j++) {
                    double uv = u[l][p * n + j], av = a[l][p * n + j];
                    ubarDot[r * n + j] = abarDot[r * n + j] * activations[l].derivative(uv, av)
                            + abarKept[l + 1][p * n + j] * activations[l].secondDerivative(uv, av) * udot[l][r * n + j];
                }
            }
            double[] next = l == 0 ? out : new double[rt * inputs[l]];
            gemm.multiply(ubarDot, 0, rt, weight[l], next, 0, false);
            abarDot = next;
        }
    }
}
