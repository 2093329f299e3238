package io.brink.model.graph;

import java.util.Arrays;
import java.util.List;

/**
 * A chain of element-wise ops fused into one pass: y = g_k(…g_1(x)), each link an element-wise function of one input
 * ({@link ElementwiseOp}) or a binary element-wise op with a constant operand that broadcasts into x's shape
 * ({@link BinaryOp}: Add, Sub, Mul, Div, Pow with a constant; x broadcast where a constant widens it, adjoints summed
 * back). One pass over the elements computes the value and the
 * chain's derivatives together, u₀ = x, u_{i+1} = g_i(u_i), d_{i+1} = g_i′(u_i)·d_i, s_{i+1} = g_i″(u_i)·d_i² +
 * g_i′(u_i)·s_i (d₀ = 1, s₀ = 0), so that y′ = d_k and y″ = s_k: ẏ = y′ẋ, x̄ = y′ȳ, x̄̇ = y′ȳ̇ + y″ẋȳ — the rules of
 * the unfused ops composed, without the intermediate tensors and their passes. Built by {@link ElementwiseChains} for
 * evaluation only; the graph itself (what bounds, checks and descriptions read) keeps the ops one by one.
 */
public final class ElementwiseChainOp implements Op {

    /** One link: an element-wise op, and for a binary one its constant operand and on which side it sits. */
    record Link(Op op, Tensor constant, boolean constantFirst) {
        Link {
            if (!(op instanceof ElementwiseOp) && !(op instanceof BinaryOp && constant != null)) {
                throw new IllegalArgumentException(op.type() + " is not an element-wise link");
            }
        }
    }

    private final List<Link> links;
    private final String type;
    /** The plan of the last shape of x (shared by the threads evaluating the graph; a race recomputes). */
    private volatile Plan cached;

    /**
     * For a shape of x: the chain's output shape (x broadcast with every constant; x's own shape unless a constant
     * widens it), per element of it the element of x (null: the same) and of each link's constant.
     */
    private record Plan(int[] xShape, int[] shape, int[] x, int[][] constant) {
    }

    ElementwiseChainOp(List<Link> links) {
        if (links.size() < 2) {
            throw new IllegalArgumentException("a chain has at least two links");
        }
        this.links = List.copyOf(links);
        this.type = String.join("+", links.stream().map(l -> l.op().type()).toList());
    }

    /** The fused ops' types joined by "+", e.g. "Add+Sqrt" (not an ONNX op type: a fused chain has none). */
    @Override
    public String type() {
        return type;
    }

    /** The number of ops fused. */
    public int length() {
        return links.size();
    }

    private Plan plan(int[] xs) {
        Plan c = cached;
        if (c != null && Arrays.equals(c.xShape, xs)) {
            return c;
        }
        int[] shape = xs;
        for (Link l : links) {
            if (l.constant() != null) {
                shape = Tensor.broadcast(shape, l.constant().shape());
            }
        }
        int[][] idx = new int[links.size()][];
        for (int i = 0; i < idx.length; i++) {
            Tensor k = links.get(i).constant();
            if (k != null) {
                idx[i] = Tensor.broadcastIndex(k.shape(), shape);
            }
        }
        Plan p = new Plan(xs, shape, Arrays.equals(shape, xs) ? null : Tensor.broadcastIndex(xs, shape), idx);
        cached = p;
        return p;
    }

    /** Elements per block: a block's u, y′ and y″ stay in the first-level cache while every link runs over them. */
    private static final int BLOCK = 256;

    /**
     * Runs the chain over output elements [from, from + len): u ← the chain's value, and, when {@code d} is not null,
     * d ← y′ and (when {@code s} is not null) s ← y″, block-local arrays indexed from 0. Each link runs as one loop
     * over the block, so that its op is dispatched once per block, not once per element.
     */
    private void block(double[] x, Plan p, int from, int len, double[] u, double[] d, double[] s) {
        for (int j = 0; j < len; j++) {
            u[j] = xAt(x, p, from + j);
        }
        if (d != null) {
            java.util.Arrays.fill(d, 0, len, 1.0);
        }
        if (s != null) {
            java.util.Arrays.fill(s, 0, len, 0.0);
        }
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.op() instanceof ElementwiseOp op) {
                for (int j = 0; j < len; j++) {
                    double uj = u[j];
                    double y = op.f(uj);
                    if (d != null) {
                        double g1 = op.d1(uj, y);
                        if (s != null) {
                            s[j] = op.d2(uj, y) * d[j] * d[j] + g1 * s[j];
                        }
                        d[j] *= g1;
                    }
                    u[j] = y;
                }
            } else {
                BinaryOp op = (BinaryOp) l.op();
                double[] c = l.constant().data();
                int[] ci = p.constant[i];
                boolean first = l.constantFirst();
                for (int j = 0; j < len; j++) {
                    double uj = u[j];
                    double cv = c[ci[from + j]];
                    double y = first ? op.f(cv, uj) : op.f(uj, cv);
                    if (d != null) {
                        double g1 = first ? op.fb(cv, uj) : op.fa(uj, cv);
                        if (s != null) {
                            s[j] = (first ? op.fbb(cv, uj) : op.faa(uj, cv)) * d[j] * d[j] + g1 * s[j];
                        }
                        d[j] *= g1;
                    }
                    u[j] = y;
                }
            }
        }
    }

    private static double xAt(double[] x, Plan p, int e) {
        return x[p.x == null ? e : p.x[e]];
    }

    /** Per output element, y′ into {@code d} and, when {@code s} is not null, y″ into {@code s}. */
    private void derivatives(double[] x, Plan p, double[] d, double[] s) {
        double[] u = new double[BLOCK];
        double[] db = new double[BLOCK];
        double[] sb = s == null ? null : new double[BLOCK];
        for (int from = 0; from < d.length; from += BLOCK) {
            int len = Math.min(BLOCK, d.length - from);
            block(x, p, from, len, u, db, sb);
            System.arraycopy(db, 0, d, from, len);
            if (s != null) {
                System.arraycopy(sb, 0, s, from, len);
            }
        }
    }

    /** An adjoint over the output's shape summed back into x's (array {@code index} of {@code o} where it must sum). */
    private static Tensor toInput(double[] r, Plan p, Out o, int index) {
        return Tensor.unbroadcast(r, p.xShape, p.shape, o, index);
    }

    /**
     * What a forward in a slot leaves for the derivative passes that follow it: y′ per element (computed with y, cheap
     * beside the value itself), and y″, computed once by the first tangent-reverse pass that needs it — so that the
     * passes multiply instead of evaluating the chain again. Recognized by the forward's input array.
     */
    private static final class Kept {
        double[] x;
        double[] d;
        double[] s;
    }

    private static Kept kept(Slot slot) {
        if (slot == null) {
            return null;
        }
        if (!(slot.state() instanceof Kept)) {
            slot.state(new Kept());
        }
        return (Kept) slot.state();
    }

    /** y′ (index 0) and, when {@code second}, y″ (index 1) at x = in[0]: kept by the forward, else computed into {@code o}. */
    private double[][] derivativesAt(Tensor x, Plan p, Slot slot, Out o, boolean second) {
        int n = Tensor.checkedSize(p.shape);
        Kept k = kept(slot);
        if (k != null && k.x == x.data() && k.d != null && k.d.length == n) {
            if (second && k.s == null) {
                k.s = Slot.out(slot, Slot.Pass.FORWARD).array(2, n);
                derivatives(x.data(), p, k.d, k.s);
            }
            return new double[][] {k.d, k.s};
        }
        double[] d = o.array(3, n);
        double[] s = second ? o.array(4, n) : null;
        derivatives(x.data(), p, d, s);
        return new double[][] {d, s};
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        double[] x = in[0].data();
        Plan p = plan(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.FORWARD);
        int n = Tensor.checkedSize(p.shape);
        double[] y = o.array(0, n);
        Kept k = kept(slot);
        double[] d = k == null ? null : o.array(1, n);
        double[] u = new double[BLOCK];
        double[] db = d == null ? null : new double[BLOCK];
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            block(x, p, from, len, u, db, null);
            System.arraycopy(u, 0, y, from, len);
            if (d != null) {
                System.arraycopy(db, 0, d, from, len);
            }
        }
        if (k != null) {
            k.x = x;
            k.d = d;
            k.s = null;
        }
        return new Tensor[] {new Tensor(p.shape, y)};
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        if (inDot[0] == null) {
            return new Tensor[1];
        }
        Plan p = plan(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.TANGENT);
        double[] d = derivativesAt(in[0], p, slot, o, false)[0];
        double[] r = o.array(0, d.length);
        double[] xd = inDot[0].data();
        for (int e = 0; e < r.length; e++) {
            r[e] = d[e] * xAt(xd, p, e);
        }
        return new Tensor[] {new Tensor(p.shape, r)};
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        if (outBar[0] == null) {
            return new Tensor[1];
        }
        Plan p = plan(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.REVERSE);
        double[] d = derivativesAt(in[0], p, slot, o, false)[0];
        double[] r = o.array(0, d.length);
        double[] yb = outBar[0].data();
        for (int e = 0; e < r.length; e++) {
            r[e] = d[e] * yb[e];
        }
        return new Tensor[] {toInput(r, p, o, 2)};
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        boolean second = outBar[0] != null && inDot[0] != null;
        if (outBarDot[0] == null && !second) {
            return new Tensor[1];
        }
        Plan p = plan(in[0].shape());
        Out o = Slot.out(slot, Slot.Pass.TANGENT_REVERSE);
        double[][] ds = derivativesAt(in[0], p, slot, o, second);
        double[] d = ds[0];
        double[] s = ds[1];
        double[] r = o.array(0, d.length);
        double[] ybd = outBarDot[0] == null ? null : outBarDot[0].data();
        double[] yb = second ? outBar[0].data() : null;
        double[] xd = second ? inDot[0].data() : null;
        for (int e = 0; e < r.length; e++) {
            double v = ybd == null ? 0 : d[e] * ybd[e];
            if (second) {
                v += s[e] * xAt(xd, p, e) * yb[e];
            }
            r[e] = v;
        }
        return new Tensor[] {toInput(r, p, o, 2)};
    }
}
