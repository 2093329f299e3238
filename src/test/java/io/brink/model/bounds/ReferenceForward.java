package io.brink.model.bounds;

import io.brink.model.DenseLayer;
import io.brink.model.RecurrentLayer;
import io.brink.model.SequenceClassifier;

/**
 * A plain float64 forward of a {@link SequenceClassifier}, written from PyTorch's equations independently of the
 * engine and of {@link Unrolled}: the reference the certificates are checked against.
 */
final class ReferenceForward {

    private ReferenceForward() {
    }

    static double[] logits(SequenceClassifier m, double[] x, int steps) {
        int d = m.inputSize();
        double[][] seq = new double[steps][];
        for (int t = 0; t < steps; t++) {
            seq[t] = java.util.Arrays.copyOfRange(x, t * d, t * d + d);
        }
        for (RecurrentLayer l : m.recurrent()) {
            seq = layer(l, seq);
        }
        double[] v = seq[steps - 1];
        for (DenseLayer dl : m.head()) {
            double[] u = new double[dl.outputSize()];
            for (int r = 0; r < u.length; r++) {
                double s = dl.bias()[r];
                for (int k = 0; k < dl.inputSize(); k++) {
                    s += dl.weight()[r * dl.inputSize() + k] * v[k];
                }
                u[r] = dl.activation().apply(s);
            }
            v = u;
        }
        return v;
    }

    /** One recurrent layer over the steps {@code seq} (each of the layer's input size), zero initial state: h per step. */
    static double[][] layer(RecurrentLayer l, double[][] seq) {
        int steps = seq.length;
        int H = l.hiddenSize(), in = l.inputSize(), G = l.cell().gates() * H;
        double[] h = new double[H], c = new double[H];
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            double[] gi = new double[G], gh = new double[G];
            for (int r = 0; r < G; r++) {
                double a = l.biasIh()[r], b = l.biasHh()[r];
                for (int k = 0; k < in; k++) {
                    a += l.weightIh()[r * in + k] * seq[t][k];
                }
                for (int k = 0; k < H; k++) {
                    b += l.weightHh()[r * H + k] * h[k];
                }
                gi[r] = a;
                gh[r] = b;
            }
            double[] nh = new double[H];
            for (int k = 0; k < H; k++) {
                switch (l.cell()) {
                    case LSTM -> {
                        double i = sig(gi[k] + gh[k]), f = sig(gi[H + k] + gh[H + k]);
                        double g = Math.tanh(gi[2 * H + k] + gh[2 * H + k]), o = sig(gi[3 * H + k] + gh[3 * H + k]);
                        c[k] = f * c[k] + i * g;
                        nh[k] = o * Math.tanh(c[k]);
                    }
                    case GRU -> {
                        double r = sig(gi[k] + gh[k]), z = sig(gi[H + k] + gh[H + k]);
                        double n = Math.tanh(gi[2 * H + k] + r * gh[2 * H + k]);
                        nh[k] = (1 - z) * n + z * h[k];
                    }
                    case RNN_TANH -> nh[k] = Math.tanh(gi[k] + gh[k]);
                }
            }
            h = nh;
            out[t] = h;
        }
        return out;
    }

    static int argmax(double[] z) {
        int k = 0;
        for (int j = 1; j < z.length; j++) {
            if (z[j] > z[k]) {
                k = j;
            }
        }
        return k;
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
