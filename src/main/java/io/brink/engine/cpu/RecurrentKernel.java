package io.brink.engine.cpu;

import io.brink.model.RecurrentLayer;

import java.util.Arrays;

/**
 * Batched passes of one recurrent layer over time-major sequences (index {@code (t*rows + r)*width + k}):
 * the primal forward, the reverse pass that gives the input adjoint, and the two tangent passes of
 * forward-over-reverse differentiation that give exact Hessian-vector products.
 *
 * <p>The primal caches hold {@code rows} windows. Reverse and tangent passes run on their own row
 * count with a row map {@code map[r]} naming the primal window of row r (null = identity), so many
 * probe vectors share one primal forward. Only the input adjoint is computed, never weight gradients.
 */
abstract class RecurrentKernel {

    final Gemm gemm;
    final int in;
    final int hidden;
    final int width;
    final Gemm.Matrix wIhT;
    final Gemm.Matrix wHhT;
    final Gemm.Matrix wIh;
    final Gemm.Matrix wHh;

    int steps;
    int rows;
    /** Primal hidden states, T × rows × hidden. */
    double[] h = new double[0];
    /** Tangent hidden states of the last tangent forward, T × tangentRows × hidden. */
    double[] hdot = new double[0];
    /** Adjoint of h at each step (total), kept from the last reverse pass with keep=true. */
    double[] hbarKept = new double[0];

    RecurrentKernel(RecurrentLayer layer, Gemm gemm) {
        this.gemm = gemm;
        this.in = layer.inputSize();
        this.hidden = layer.hiddenSize();
        this.width = layer.cell().gates() * hidden;
        this.wIhT = gemm.matrix(layer.weightIh(), width, in, true);
        this.wHhT = gemm.matrix(layer.weightHh(), width, hidden, true);
        this.wIh = gemm.matrix(layer.weightIh(), width, in, false);
        this.wHh = gemm.matrix(layer.weightHh(), width, hidden, false);
    }

    static RecurrentKernel create(RecurrentLayer layer, Gemm gemm) {
        return switch (layer.cell()) {
            case LSTM -> VectorSupport.enabled() ? new LstmVectorKernel(layer, gemm) : new LstmKernel(layer, gemm);
            case GRU -> new GruKernel(layer, gemm);
            case RNN_TANH -> new ElmanKernel(layer, gemm);
        };
    }

    /** Primal forward of {@code x} (T × R × in); fills {@link #h} and the cell caches. */
    abstract void forward(double[] x, int steps, int rows);

    /**
     * Reverse pass: given the external adjoint of h (T × rb × hidden, from the layer above or the head),
     * writes the input adjoint (T × rb × in) to {@code xbar}. With {@code keep} (rb == rows, identity map)
     * the adjoints needed by {@link #tangentBackward} are stored.
     */
    abstract void backward(double[] hbarExt, int rb, int[] map, boolean keep, double[] xbar);

    /** Tangent forward of the input tangent {@code xdot} (T × rt × in); fills {@link #hdot}. */
    abstract void tangentForward(double[] xdot, int rt, int[] map);

    /**
     * Tangent of the reverse pass, after {@link #tangentForward} on the same rows and a kept
     * {@link #backward}: from the tangent of the external adjoint, writes the tangent of the input
     * adjoint (T × rt × in) to {@code xbarDot}.
     */
    abstract void tangentBackward(double[] hbarExtDot, int rt, int[] map, double[] xbarDot);

    static double[] ensure(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }

    static double[] zeroed(double[] a, int n) {
        double[] z = ensure(a, n);
        Arrays.fill(z, 0, n, 0.0);
        return z;
    }

    static int primal(int[] map, int r) {
        return map == null ? r : map[r];
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * tanh through the JIT-intrinsic {@code Math.exp} (Math.tanh and Math.expm1 are not intrinsics and
     * cost several times more); absolute error below 2e-16.
     */
    static double tanh(double x) {
        double a = Math.abs(x);
        if (a > 20) {
            return Math.signum(x);
        }
        double t = 1 - 2 / (Math.exp(2 * a) + 1);
        return x < 0 ? -t : t;
    }

}
