package io.brink.model.graph;

/**
 * ONNX MatMul (numpy's matmul: batched over leading dimensions with broadcasting, 1-D operands promoted): y = A·B,
 * bilinear. Ẏ = Ȧ·B + A·Ḃ; Ā = Ȳ·Bᵀ, B̄ = Aᵀ·Ȳ (summed over broadcast batch dimensions); Ā̇ = Ȳ̇·Bᵀ + Ȳ·Ḃᵀ,
 * B̄̇ = Aᵀ·Ȳ̇ + Ȧᵀ·Ȳ.
 */
public final class MatMulOp implements Op {

    @Override
    public String type() {
        return "MatMul";
    }

    /** The operands promoted to rank ≥ 2 and broadcast over their batch dimensions. */
    private record Plan(int[] aShape, int[] bShape, int[] aBatch, int[] bBatch, int[] batch, int n, int k, int m, int[] outShape) {
    }

    private static Plan plan(int[] as0, int[] bs0) {
        int[] as = as0.length == 1 ? new int[] {1, as0[0]} : as0;
        int[] bs = bs0.length == 1 ? new int[] {bs0[0], 1} : bs0;
        int n = as[as.length - 2];
        int k = as[as.length - 1];
        int m = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("MatMul of " + java.util.Arrays.toString(as0) + " and " + java.util.Arrays.toString(bs0));
        }
        int[] aBatch = java.util.Arrays.copyOf(as, as.length - 2);
        int[] bBatch = java.util.Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Tensor.broadcast(aBatch, bBatch);
        int[] out = new int[batch.length + 2];
        System.arraycopy(batch, 0, out, 0, batch.length);
        out[batch.length] = n;
        out[batch.length + 1] = m;
        int[] outShape;
        if (as0.length == 1 && bs0.length == 1) {
            outShape = new int[0];
        } else if (as0.length == 1) {
            outShape = java.util.Arrays.copyOf(batch, batch.length + 1);
            outShape[batch.length] = m;
        } else if (bs0.length == 1) {
            outShape = java.util.Arrays.copyOf(batch, batch.length + 1);
            outShape[batch.length] = n;
        } else {
            outShape = out;
        }
        return new Plan(as, bs, aBatch, bBatch, batch, n, k, m, outShape);
    }

    /** Σ over batches: c[b] (+)= op(a[b])·op(b[b]) with batch offsets from broadcast indices. */
    private static void product(double[] a, int[] ia, int ar, int ac, boolean ta, double[] b, int[] ib, int br, int bc, boolean tb,
                                double[] c, int[] ic, int rows, int inner, int cols) {
        for (int t = 0; t < ic.length; t++) {
            int ao = ia[t] * ar * ac;
            int bo = ib[t] * br * bc;
            int co = ic[t] * rows * cols;
            for (int i = 0; i < rows; i++) {
                for (int p = 0; p < inner; p++) {
                    double av = ta ? a[ao + p * ac + i] : a[ao + i * ac + p];
                    if (av == 0) {
                        continue;
                    }
                    for (int j = 0; j < cols; j++) {
                        c[co + i * cols + j] += av * (tb ? b[bo + j * bc + p] : b[bo + p * bc + j]);
                    }
                }
            }
        }
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** A·B (shape per the plan's promoted output), accumulated into c. */
    private static void ab(Plan p, double[] a, double[] b, double[] c) {
        int batches = Tensor.checkedSize(p.batch);
        product(a, Tensor.broadcastIndex(p.aBatch, p.batch), p.n, p.k, false, b, Tensor.broadcastIndex(p.bBatch, p.batch), p.k, p.m,
                false, c, identity(batches), p.n, p.k, p.m);
    }

    /** Ȳ·Bᵀ summed into A's (promoted) shape, in array {@code into} of {@code o} ({@code scratch} for the unsummed product). */
    private static double[] ybBt(Plan p, double[] yb, double[] b, Out o, int into, int scratch) {
        int batches = Tensor.checkedSize(p.batch);
        boolean sum = !java.util.Arrays.equals(p.aBatch, p.batch);
        double[] full = o.zeroed(sum ? scratch : into, batches * p.n * p.k);
        product(yb, identity(batches), p.n, p.m, false, b, Tensor.broadcastIndex(p.bBatch, p.batch), p.k, p.m, true, full,
                identity(batches), p.n, p.m, p.k);
        return sum ? sumInto(full, p.batch, p.aBatch, p.n * p.k, o.zeroed(into, Tensor.checkedSize(p.aBatch) * p.n * p.k)) : full;
    }

    /** Aᵀ·Ȳ summed into B's (promoted) shape, in array {@code into} of {@code o} ({@code scratch} for the unsummed product). */
    private static double[] atYb(Plan p, double[] a, double[] yb, Out o, int into, int scratch) {
        int batches = Tensor.checkedSize(p.batch);
        boolean sum = !java.util.Arrays.equals(p.bBatch, p.batch);
        double[] full = o.zeroed(sum ? scratch : into, batches * p.k * p.m);
        product(a, Tensor.broadcastIndex(p.aBatch, p.batch), p.n, p.k, true, yb, identity(batches), p.n, p.m, false, full,
                identity(batches), p.k, p.n, p.m);
        return sum ? sumInto(full, p.batch, p.bBatch, p.k * p.m, o.zeroed(into, Tensor.checkedSize(p.bBatch) * p.k * p.m)) : full;
    }

    private static double[] sumInto(double[] full, int[] batch, int[] target, int block, double[] r) {
        int[] idx = Tensor.broadcastIndex(target, batch);
        for (int t = 0; t < idx.length; t++) {
            for (int e = 0; e < block; e++) {
                r[idx[t] * block + e] += full[t * block + e];
            }
        }
        return r;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        Plan p = plan(in[0].shape(), in[1].shape());
        double[] c = Slot.out(slot, Slot.Pass.FORWARD).zeroed(0, Tensor.checkedSize(p.outShape));
        ab(p, in[0].data(), in[1].data(), c);
        return new Tensor[] {new Tensor(p.outShape, c)};
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        if (inDot[0] == null && inDot[1] == null) {
            return new Tensor[1];
        }
        Plan p = plan(in[0].shape(), in[1].shape());
        double[] c = Slot.out(slot, Slot.Pass.TANGENT).zeroed(0, Tensor.checkedSize(p.outShape));
        if (inDot[0] != null) {
            ab(p, inDot[0].data(), in[1].data(), c);
        }
        if (inDot[1] != null) {
            ab(p, in[0].data(), inDot[1].data(), c);
        }
        return new Tensor[] {new Tensor(p.outShape, c)};
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        if (outBar[0] == null) {
            return new Tensor[2];
        }
        Plan p = plan(in[0].shape(), in[1].shape());
        Out o = Slot.out(slot, Slot.Pass.REVERSE);
        return new Tensor[] {Slot.needsAdjoint(slot, 0) ? new Tensor(in[0].shape(), ybBt(p, outBar[0].data(), in[1].data(), o, 0, 2)) : null,
                Slot.needsAdjoint(slot, 1) ? new Tensor(in[1].shape(), atYb(p, in[0].data(), outBar[0].data(), o, 1, 3)) : null};
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        Plan p = plan(in[0].shape(), in[1].shape());
        boolean needA = Slot.needsAdjoint(slot, 0), needB = Slot.needsAdjoint(slot, 1);
        Out o = Slot.out(slot, Slot.Pass.TANGENT_REVERSE);
        double[] ga = needA ? o.zeroed(0, in[0].size()) : null;
        double[] gb = needB ? o.zeroed(1, in[1].size()) : null;
        boolean anyA = false, anyB = false;
        if (outBarDot[0] != null) {
            if (needA) {
                add(ga, ybBt(p, outBarDot[0].data(), in[1].data(), o, 2, 3));
                anyA = true;
            }
            if (needB) {
                add(gb, atYb(p, in[0].data(), outBarDot[0].data(), o, 2, 3));
                anyB = true;
            }
        }
        if (needA && outBar[0] != null && inDot[1] != null) {
            add(ga, ybBt(p, outBar[0].data(), inDot[1].data(), o, 2, 3));
            anyA = true;
        }
        if (needB && outBar[0] != null && inDot[0] != null) {
            add(gb, atYb(p, inDot[0].data(), outBar[0].data(), o, 2, 3));
            anyB = true;
        }
        return new Tensor[] {anyA ? new Tensor(in[0].shape(), ga) : null, anyB ? new Tensor(in[1].shape(), gb) : null};
    }

    private static void add(double[] into, double[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }
}
