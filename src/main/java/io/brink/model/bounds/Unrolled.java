package io.brink.model.bounds;

import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.DenseLayer;
import io.brink.model.RecurrentLayer;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link SequenceClassifier} unrolled over T steps into a graph of primitive nodes — affine maps, σ/tanh/ReLU, and
 * products of two values — in topological order (a node's inputs have smaller indices), the last node being the
 * logits. Each primitive has a linear relaxation ({@link Relax}), which is what {@link Crown} propagates. The cells'
 * equations are PyTorch's (those of the fused kernels):
 * <ul>
 *   <li>LSTM: [i f g o] = W_ih x + b_ih + W_hh h + b_hh; c′ = σ(f)·c + σ(i)·tanh(g); h′ = σ(o)·tanh(c′);</li>
 *   <li>GRU: r, z = σ(·); n = tanh(W_in x + b_in + r·(W_hn h + b_hn)); h′ = n + z·(h − n) = (1 − z)·n + z·h;</li>
 *   <li>RNN: h′ = tanh(W_ih x + b_ih + W_hh h + b_hh).</li>
 * </ul>
 * The state starts at 0, so the first step's terms in h and c are left out.
 */
public final class Unrolled {

    /** One node of the graph; {@code size} values. */
    public sealed interface Node {
        int size();
    }

    /** An element-wise node of one input that a lower and an upper line bound (σ/tanh, ReLU, one-curvature functions). */
    public sealed interface Lined extends Node permits Squash, Relu, Curve {
        int input();
    }

    /** The window's step t: x_t + δ_t (d values). */
    public record Input(int t, int size) implements Node {
    }

    /** Σ_q W_q·v_q + bias; W_q row-major [size × size of input q]. */
    public record Linear(int size, double[] bias, double[][] weights, int[] inputs) implements Node {
    }

    /** Elementwise scale·v + shift. */
    public record Scale(int size, int input, double[] scale, double[] shift) implements Node {
    }

    /** Elementwise sa·a + sb·b. */
    public record Combine(int size, int a, double sa, int b, double sb) implements Node {
    }

    /** Elementwise σ or tanh. */
    public record Squash(int size, int input, Relax.SShape shape) implements Lined {
    }

    /** Elementwise e^v, 1/v (v &gt; 0), v² or √v (v ≥ 0): one curvature sign (softmax's and LayerNorm's pieces). */
    public record Curve(int size, int input, Relax.Curved shape) implements Lined {
    }

    /** Elementwise max(0, v). */
    public record Relu(int size, int input) implements Lined {
    }

    /** Elementwise x·y. */
    public record Product(int size, int x, int y) implements Node {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final int steps;
    private final int features;

    /** An empty graph over {@code steps} inputs of {@code features} values, to be filled with {@link #add}. */
    static Unrolled empty(int steps, int features) {
        Unrolled u = new Unrolled(steps, features);
        for (int t = 0; t < steps; t++) {
            u.add(new Input(t, features));
        }
        return u;
    }

    private Unrolled(int steps, int features) {
        this.steps = steps;
        this.features = features;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public int steps() {
        return steps;
    }

    public int features() {
        return features;
    }

    /** The logits' node (the last). */
    public int output() {
        return nodes.size() - 1;
    }

    /** {@code model} unrolled over {@code steps} steps. */
    public static Unrolled of(SequenceClassifier model, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a window has at least one step, got " + steps);
        }
        Unrolled u = new Unrolled(steps, model.inputSize());
        int[] seq = new int[steps];
        for (int t = 0; t < steps; t++) {
            seq[t] = u.add(new Input(t, model.inputSize()));
        }
        for (RecurrentLayer layer : model.recurrent()) {
            seq = u.layer(layer, seq);
        }
        int v = seq[steps - 1];
        for (DenseLayer d : model.head()) {
            v = u.add(new Linear(d.outputSize(), d.bias(), new double[][] {d.weight()}, new int[] {v}));
            if (d.activation() == Activation.RELU) {
                v = u.add(new Relu(d.outputSize(), v));
            } else if (d.activation() == Activation.TANH) {
                v = u.add(new Squash(d.outputSize(), v, Relax.SShape.TANH));
            }
        }
        return u;
    }

    /** Appends a node (its inputs must already be in the graph) and returns its index. */
    int add(Node n) {
        nodes.add(n);
        return nodes.size() - 1;
    }

    /** One recurrent layer over the nodes {@code in} (one per step, in the order the cell reads them): its h per step. */
    int[] layer(RecurrentLayer layer, int[] in) {
        int H = layer.hiddenSize(), d = layer.inputSize();
        CellType cell = layer.cell();
        int rows = cell.gates() * H;
        double[] bias = new double[rows];
        for (int i = 0; i < rows; i++) {
            bias[i] = layer.biasIh()[i] + layer.biasHh()[i];
        }
        int[] out = new int[in.length];
        int h = -1, c = -1;
        for (int t = 0; t < in.length; t++) {
            switch (cell) {
                case LSTM -> {
                    int i = gate(layer, bias, in[t], h, 0, H, Relax.SShape.SIGMOID);
                    int f = t == 0 ? -1 : gate(layer, bias, in[t], h, 1, H, Relax.SShape.SIGMOID);
                    int g = gate(layer, bias, in[t], h, 2, H, Relax.SShape.TANH);
                    int o = gate(layer, bias, in[t], h, 3, H, Relax.SShape.SIGMOID);
                    int ig = add(new Product(H, i, g));
                    c = t == 0 ? ig : add(new Combine(H, add(new Product(H, f, c)), 1, ig, 1));
                    h = add(new Product(H, o, add(new Squash(H, c, Relax.SShape.TANH))));
                }
                case GRU -> {
                    int r = gate(layer, bias, in[t], h, 0, H, Relax.SShape.SIGMOID);
                    int z = gate(layer, bias, in[t], h, 1, H, Relax.SShape.SIGMOID);
                    double[] bhn = Arrays.copyOfRange(layer.biasHh(), 2 * H, 3 * H);
                    int inN = add(new Linear(H, Arrays.copyOfRange(layer.biasIh(), 2 * H, 3 * H),
                            new double[][] {Arrays.copyOfRange(layer.weightIh(), 2 * H * d, 3 * H * d)}, new int[] {in[t]}));
                    int rhn;
                    if (t == 0) {
                        rhn = add(new Scale(H, r, bhn, new double[H]));
                    } else {
                        int hn = add(new Linear(H, bhn, new double[][] {Arrays.copyOfRange(layer.weightHh(), 2 * H * H, 3 * H * H)},
                                new int[] {h}));
                        rhn = add(new Product(H, r, hn));
                    }
                    int n = add(new Squash(H, add(new Combine(H, inN, 1, rhn, 1)), Relax.SShape.TANH));
                    double[] minusOne = new double[H], one = new double[H];
                    Arrays.fill(minusOne, -1);
                    Arrays.fill(one, 1);
                    int keepN = add(new Product(H, add(new Scale(H, z, minusOne, one)), n));
                    h = t == 0 ? keepN : add(new Combine(H, keepN, 1, add(new Product(H, z, h)), 1));
                }
                case RNN_TANH -> h = gate(layer, bias, in[t], h, 0, H, Relax.SShape.TANH);
            }
            out[t] = h;
        }
        return out;
    }

    /** Gate block {@code block} (rows block·H .. block·H + H − 1): shape(W_ih x + W_hh h + b), W_hh h left out at t = 0. */
    private int gate(RecurrentLayer layer, double[] bias, int x, int h, int block, int H, Relax.SShape shape) {
        int d = layer.inputSize();
        double[] b = Arrays.copyOfRange(bias, block * H, block * H + H);
        double[] wIh = Arrays.copyOfRange(layer.weightIh(), block * H * d, (block + 1) * H * d);
        int pre;
        if (h < 0) {
            pre = add(new Linear(H, b, new double[][] {wIh}, new int[] {x}));
        } else {
            double[] wHh = Arrays.copyOfRange(layer.weightHh(), block * H * H, (block + 1) * H * H);
            pre = add(new Linear(H, b, new double[][] {wIh, wHh}, new int[] {x, h}));
        }
        return add(new Squash(H, pre, shape));
    }
}
