package io.brink.model.graph;

/**
 * ONNX Softmax and LogSoftmax along {@code axis} (opset ≥ 13; before 13, over the flattened axes from {@code axis} on).
 * Softmax y = eˣ/Σeˣ: ẏ = y⊙(ẋ − ⟨y, ẋ⟩), x̄ = y⊙(ȳ − ⟨y, ȳ⟩), x̄̇ = ẏ⊙(ȳ − ⟨y, ȳ⟩) + y⊙(ȳ̇ − ⟨ẏ, ȳ⟩ − ⟨y, ȳ̇⟩).
 * LogSoftmax y = x − ln Σeˣ with p = eʸ: ẏ = ẋ − ⟨p, ẋ⟩, x̄ = ȳ − p Σȳ, x̄̇ = ȳ̇ − ṗ Σȳ − p Σȳ̇ with ṗ = p⊙ẏ.
 * Sums ⟨·,·⟩ run along the axis.
 */
public final class SoftmaxOp implements Op {

    private final boolean log;
    private final int axis;
    private final boolean coerced;

    /** {@code coerced}: the opset < 13 semantics (every axis from {@code axis} on is one). */
    public SoftmaxOp(boolean log, int axis, boolean coerced) {
        this.log = log;
        this.axis = axis;
        this.coerced = coerced;
    }

    @Override
    public String type() {
        return log ? "LogSoftmax" : "Softmax";
    }

    /** Whether this is LogSoftmax. */
    public boolean log() {
        return log;
    }

    /**
     * The groups that sum along the axis for an input of {@code shape}: {outer, len, inner}, element (o, k, i) at
     * (o·len + k)·inner + i.
     */
    public int[] groupsOf(int[] shape) {
        int a = Tensor.axis(axis, shape.length);
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        int len = shape[a];
        int inner = 1;
        for (int i = a + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return coerced ? new int[] {outer, len * inner, 1} : new int[] {outer, len, inner};
    }

    /** Per group, Σ a⊙b along the axis, broadcast back to every element. */
    private static double[] along(int[] g, double[] a, double[] b, double[] s) {
        for (int o = 0; o < g[0]; o++) {
            for (int i = 0; i < g[2]; i++) {
                int base = o * g[1] * g[2] + i;
                double acc = 0;
                for (int k = 0; k < g[1]; k++) {
                    int e = base + k * g[2];
                    acc += b == null ? a[e] : a[e] * b[e];
                }
                for (int k = 0; k < g[1]; k++) {
                    s[base + k * g[2]] = acc;
                }
            }
        }
        return s;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        double[] x = in[0].data();
        int[] g = groupsOf(in[0].shape());
        double[] y = Slot.out(slot, Slot.Pass.FORWARD).array(0, x.length);
        for (int o = 0; o < g[0]; o++) {
            for (int i = 0; i < g[2]; i++) {
                int base = o * g[1] * g[2] + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < g[1]; k++) {
                    max = Math.max(max, x[base + k * g[2]]);
                }
                double sum = 0;
                for (int k = 0; k < g[1]; k++) {
                    sum += Math.exp(x[base + k * g[2]] - max);
                }
                double lse = max + Math.log(sum);
                for (int k = 0; k < g[1]; k++) {
                    int e = base + k * g[2];
                    y[e] = log ? x[e] - lse : Math.exp(x[e] - lse);
                }
            }
        }
        return new Tensor[] {new Tensor(in[0].shape(), y)};
    }

    private double[] probabilities(Tensor out, Out o) {
        if (!log) {
            return out.data();
        }
        double[] y = out.data();
        double[] p = o.array(5, y.length);
        for (int k = 0; k < y.length; k++) {
            p[k] = Math.exp(y[k]);
        }
        return p;
    }

    /** ẏ for a tangent ẋ, in array {@code index} of {@code o} (array 4 for a temporary). */
    private double[] tangentOf(int[] g, double[] p, double[] xd, Out o, int index) {
        double[] s = along(g, p, xd, o.array(4, xd.length));
        double[] r = o.array(index, xd.length);
        for (int k = 0; k < r.length; k++) {
            r[k] = log ? xd[k] - s[k] : p[k] * (xd[k] - s[k]);
        }
        return r;
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        if (inDot[0] == null) {
            return new Tensor[1];
        }
        int[] g = groupsOf(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.TANGENT);
        return new Tensor[] {new Tensor(in[0].shape(), tangentOf(g, probabilities(out[0], o), inDot[0].data(), o, 0))};
    }

    /** x̄ for an adjoint ȳ, in array 0 of {@code o} (array 4 for a temporary). */
    private double[] adjointOf(int[] g, double[] p, double[] yb, Out o) {
        double[] r = o.array(0, yb.length);
        if (log) {
            double[] s = along(g, yb, null, o.array(4, yb.length));
            for (int k = 0; k < r.length; k++) {
                r[k] = yb[k] - p[k] * s[k];
            }
        } else {
            double[] s = along(g, p, yb, o.array(4, yb.length));
            for (int k = 0; k < r.length; k++) {
                r[k] = p[k] * (yb[k] - s[k]);
            }
        }
        return r;
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        if (outBar[0] == null) {
            return new Tensor[1];
        }
        int[] g = groupsOf(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.REVERSE);
        return new Tensor[] {new Tensor(in[0].shape(), adjointOf(g, probabilities(out[0], o), outBar[0].data(), o))};
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        int[] g = groupsOf(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.TANGENT_REVERSE);
        double[] p = probabilities(out[0], o);
        int n = p.length;
        double[] r = outBarDot[0] != null ? adjointOf(g, p, outBarDot[0].data(), o) : o.zeroed(0, n);
        if (outBar[0] != null && inDot[0] != null) {
            double[] yb = outBar[0].data();
            double[] yd = tangentOf(g, p, inDot[0].data(), o, 1);
            if (log) {
                // − ṗ Σȳ, ṗ = p⊙ẏ
                double[] s = along(g, yb, null, o.array(2, n));
                for (int k = 0; k < n; k++) {
                    r[k] -= p[k] * yd[k] * s[k];
                }
            } else {
                // ẏ⊙(ȳ − ⟨y, ȳ⟩) − y⊙⟨ẏ, ȳ⟩
                double[] s = along(g, p, yb, o.array(2, n));
                double[] sd = along(g, yd, yb, o.array(3, n));
                for (int k = 0; k < n; k++) {
                    r[k] += yd[k] * (yb[k] - s[k]) - p[k] * sd[k];
                }
            }
        } else if (outBarDot[0] == null) {
            return new Tensor[1];
        }
        return new Tensor[] {new Tensor(in[0].shape(), r)};
    }
}
