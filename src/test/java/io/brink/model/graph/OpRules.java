package io.brink.model.graph;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks an op's four rules at given inputs: the tangent against central finite differences of the forward, the
 * reverse against the tangent (⟨ȳ, ẏ⟩ = Σ⟨x̄ᵢ, ẋᵢ⟩), the tangent reverse against central finite differences of the
 * exact reverse (with the seed moving too), and the symmetry u·Hv = v·Hu of the seed's Hessian.
 */
public final class OpRules {

    private OpRules() {
    }

    public static double[] random(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    private static Tensor[] shifted(Tensor[] in, boolean[] variable, Tensor[] dir, double h) {
        Tensor[] r = in.clone();
        for (int i = 0; i < in.length; i++) {
            if (variable[i]) {
                double[] d = in[i].data().clone();
                for (int e = 0; e < d.length; e++) {
                    d[e] += h * dir[i].data()[e];
                }
                r[i] = new Tensor(in[i].shape(), d);
            }
        }
        return r;
    }

    private static double dot(Tensor a, Tensor b) {
        if (a == null || b == null) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }

    private static void close(double[] exact, double[] approx, double tol, String what) {
        double scale = 1e-3;
        for (double v : exact) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < exact.length; i++) {
            assertTrue(Math.abs(exact[i] - approx[i]) <= tol * scale, what + " element " + i + ": exact " + exact[i]
                    + ", finite differences " + approx[i]);
        }
    }

    private static double[] data(Tensor t, int n) {
        return t == null ? new double[n] : t.data();
    }

    /** All four rules of {@code op} at {@code in}, differentiating in the inputs {@code variable} marks. */
    public static void check(Op op, Tensor[] in, boolean[] variable, long seed) {
        check(op, in, variable, seed, null);
    }

    /** The same for an op with fused cells, run by {@code cells}. */
    public static void check(Op op, Tensor[] in, boolean[] variable, long seed, CellFactory cells) {
        Random r = new Random(seed);
        Slot slot = new Slot(cells);
        Tensor[] out = kept(op.forward(in, slot));
        Tensor[] v = new Tensor[in.length];
        Tensor[] u = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            if (variable[i]) {
                v[i] = new Tensor(in[i].shape(), random(r, in[i].size()));
                u[i] = new Tensor(in[i].shape(), random(r, in[i].size()));
            }
        }
        Tensor[] ybar = new Tensor[out.length];
        Tensor[] ybarDot = new Tensor[out.length];
        for (int j = 0; j < out.length; j++) {
            ybar[j] = new Tensor(out[j].shape(), random(r, out[j].size()));
            ybarDot[j] = new Tensor(out[j].shape(), random(r, out[j].size()));
        }
        double h = 1e-5;
        // tangent against finite differences
        Tensor[] yd = kept(op.tangent(in, out, v, slot));
        Tensor[] plus = kept(op.forward(shifted(in, variable, v, h), slot));
        Tensor[] minus = kept(op.forward(shifted(in, variable, v, -h), slot));
        for (int j = 0; j < out.length; j++) {
            double[] fd = new double[out[j].size()];
            for (int e = 0; e < fd.length; e++) {
                fd[e] = (plus[j].data()[e] - minus[j].data()[e]) / (2 * h);
            }
            close(data(yd[j], fd.length), fd, 1e-6, op.type() + " tangent of output " + j);
        }
        // reverse against the tangent
        op.forward(in, slot);
        Tensor[] xbar = kept(op.reverse(in, out, ybar, slot));
        double lhs = 0;
        for (int j = 0; j < out.length; j++) {
            lhs += dot(ybar[j], yd[j]);
        }
        double rhs = 0;
        for (int i = 0; i < in.length; i++) {
            if (variable[i]) {
                rhs += dot(xbar[i], v[i]);
            }
        }
        assertEquals(lhs, rhs, 1e-10 * Math.max(1, Math.abs(lhs)), op.type() + ": ⟨ȳ, ẏ⟩ against Σ⟨x̄, ẋ⟩");
        // tangent reverse against finite differences of the exact reverse, the seed moving along ȳ̇
        op.forward(in, slot);
        op.tangent(in, out, v, slot);
        op.reverse(in, out, ybar, slot);
        Tensor[] xbd = kept(op.tangentReverse(in, out, v, ybar, ybarDot, slot));
        Tensor[] inP = shifted(in, variable, v, h);
        Tensor[] inM = shifted(in, variable, v, -h);
        Tensor[] rp = kept(op.reverse(inP, op.forward(inP, slot), move(ybar, ybarDot, h), slot));
        Tensor[] rm = kept(op.reverse(inM, op.forward(inM, slot), move(ybar, ybarDot, -h), slot));
        for (int i = 0; i < in.length; i++) {
            if (variable[i]) {
                double[] fd = new double[in[i].size()];
                for (int e = 0; e < fd.length; e++) {
                    fd[e] = (data(rp[i], fd.length)[e] - data(rm[i], fd.length)[e]) / (2 * h);
                }
                close(data(xbd[i], fd.length), fd, 1e-6, op.type() + " tangent reverse of input " + i);
            }
        }
        // Hessian symmetry: u·H v = v·H u for the objective ⟨ȳ, y⟩
        op.forward(in, slot);
        op.reverse(in, out, ybar, slot);
        op.tangent(in, out, v, slot);
        Tensor[] hv = kept(op.tangentReverse(in, out, v, ybar, new Tensor[out.length], slot));
        op.tangent(in, out, u, slot);
        Tensor[] hu = kept(op.tangentReverse(in, out, u, ybar, new Tensor[out.length], slot));
        double uhv = 0;
        double vhu = 0;
        for (int i = 0; i < in.length; i++) {
            if (variable[i]) {
                uhv += dot(u[i], hv[i]);
                vhu += dot(v[i], hu[i]);
            }
        }
        assertEquals(uhv, vhu, 1e-9 * Math.max(1, Math.abs(uhv)), op.type() + ": u·Hv against v·Hu");
    }

    /**
     * Copies of a pass's results: an op writes them into its slot's buffers, valid until the same pass runs again
     * (the contract {@link GraphRun} keeps), and this check holds results across passes of the same kind.
     */
    private static Tensor[] kept(Tensor[] t) {
        Tensor[] r = new Tensor[t.length];
        for (int j = 0; j < t.length; j++) {
            r[j] = t[j] == null ? null : new Tensor(t[j].shape(), t[j].data().clone());
        }
        return r;
    }

    private static Tensor[] move(Tensor[] t, Tensor[] d, double h) {
        Tensor[] r = new Tensor[t.length];
        for (int j = 0; j < t.length; j++) {
            double[] v = t[j].data().clone();
            for (int e = 0; e < v.length; e++) {
                v[e] += h * d[j].data()[e];
            }
            r[j] = new Tensor(t[j].shape(), v);
        }
        return r;
    }
}
