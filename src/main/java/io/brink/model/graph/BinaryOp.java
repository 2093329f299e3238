package io.brink.model.graph;

/**
 * An element-wise function y = f(a, b) of two inputs with numpy broadcasting (ONNX's multidirectional broadcasting).
 * With the partials f_a, f_b, f_aa, f_ab, f_bb: ẏ = f_a ȧ + f_b ḃ; ā = Σ f_a ȳ and b̄ = Σ f_b ȳ (sums over the
 * broadcast dimensions); ā̇ = Σ [f_a ȳ̇ + (f_aa ȧ + f_ab ḃ) ȳ], b̄̇ = Σ [f_b ȳ̇ + (f_ab ȧ + f_bb ḃ) ȳ]. A subclass gives f and
 * the partials at (a, b).
 */
public abstract class BinaryOp implements Op {

    protected abstract double f(double a, double b);

    protected abstract double fa(double a, double b);

    protected abstract double fb(double a, double b);

    protected abstract double faa(double a, double b);

    protected abstract double fab(double a, double b);

    protected abstract double fbb(double a, double b);

    private record Plan(int[] shape, int[] ia, int[] ib) {
    }

    /** The plan of the last pair of shapes (shared by threads; a race recomputes). */
    private volatile Cached cached;

    private record Cached(int[] a, int[] b, Plan plan) {
    }

    private Plan plan(Tensor a, Tensor b) {
        Cached c = cached;
        int[] as = a.shape();
        int[] bs = b.shape();
        if (c != null && java.util.Arrays.equals(c.a, as) && java.util.Arrays.equals(c.b, bs)) {
            return c.plan;
        }
        int[] shape = Tensor.broadcast(as, bs);
        Plan p = new Plan(shape, Tensor.broadcastIndex(as, shape), Tensor.broadcastIndex(bs, shape));
        cached = new Cached(as, bs, p);
        return p;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        Plan p = plan(in[0], in[1]);
        double[] a = in[0].data();
        double[] b = in[1].data();
        double[] y = Slot.out(slot, Slot.Pass.FORWARD).array(0, p.ia.length);
        for (int k = 0; k < y.length; k++) {
            y[k] = f(a[p.ia[k]], b[p.ib[k]]);
        }
        return new Tensor[] {new Tensor(p.shape, y)};
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        Tensor ad = differentiable(0) ? inDot[0] : null;
        Tensor bd = differentiable(1) ? inDot[1] : null;
        if (ad == null && bd == null) {
            return new Tensor[1];
        }
        Plan p = plan(in[0], in[1]);
        double[] a = in[0].data();
        double[] b = in[1].data();
        double[] r = Slot.out(slot, Slot.Pass.TANGENT).array(0, p.ia.length);
        for (int k = 0; k < r.length; k++) {
            double av = a[p.ia[k]];
            double bv = b[p.ib[k]];
            double s = 0;
            if (ad != null) {
                s += fa(av, bv) * ad.data()[p.ia[k]];
            }
            if (bd != null) {
                s += fb(av, bv) * bd.data()[p.ib[k]];
            }
            r[k] = s;
        }
        return new Tensor[] {new Tensor(p.shape, r)};
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        return adjoints(in, null, null, outBar[0], slot, Slot.Pass.REVERSE);
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        return adjoints(in, inDot, outBar[0], outBarDot[0], slot, Slot.Pass.TANGENT_REVERSE);
    }

    /** Σ f_x w + (second-order terms with ȳ and the tangents, when given), per differentiable input the run uses. */
    private Tensor[] adjoints(Tensor[] in, Tensor[] inDot, Tensor ybar, Tensor w, Slot slot, Slot.Pass pass) {
        boolean second = ybar != null && inDot != null && (inDot[0] != null || inDot[1] != null);
        if (w == null && !second) {
            return new Tensor[2];
        }
        boolean needA = differentiable(0) && Slot.needsAdjoint(slot, 0), needB = differentiable(1) && Slot.needsAdjoint(slot, 1);
        if (!needA && !needB) {
            return new Tensor[2];
        }
        Plan p = plan(in[0], in[1]);
        double[] a = in[0].data();
        double[] b = in[1].data();
        int size = p.ia.length;
        Out buffers = Slot.out(slot, pass);
        double[] ga = needA ? buffers.array(0, size) : null;
        double[] gb = needB ? buffers.array(1, size) : null;
        double[] ad = second && inDot[0] != null && differentiable(0) ? inDot[0].data() : null;
        double[] bd = second && inDot[1] != null && differentiable(1) ? inDot[1].data() : null;
        for (int k = 0; k < size; k++) {
            double av = a[p.ia[k]];
            double bv = b[p.ib[k]];
            double wk = w == null ? 0 : w.data()[k];
            double sa = needA ? fa(av, bv) * wk : 0;
            double sb = needB ? fb(av, bv) * wk : 0;
            if (second) {
                double yb = ybar.data()[k];
                double ta = ad == null ? 0 : ad[p.ia[k]];
                double tb = bd == null ? 0 : bd[p.ib[k]];
                if (ta != 0 || tb != 0) {
                    if (needA) {
                        sa += (faa(av, bv) * ta + (tb != 0 ? fab(av, bv) * tb : 0)) * yb;
                    }
                    if (needB) {
                        sb += ((ta != 0 ? fab(av, bv) * ta : 0) + (tb != 0 ? fbb(av, bv) * tb : 0)) * yb;
                    }
                }
            }
            if (needA) {
                ga[k] = sa;
            }
            if (needB) {
                gb[k] = sb;
            }
        }
        return new Tensor[] {needA ? Tensor.unbroadcast(ga, in[0].shape(), p.shape, buffers, 2) : null,
                needB ? Tensor.unbroadcast(gb, in[1].shape(), p.shape, buffers, 3) : null};
    }
}
