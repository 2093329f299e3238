package io.brink.model.graph;

/**
 * An op linear in its differentiable inputs (Transpose, Reshape, Gather, Slice, Concat, reductions by sum or mean, …):
 * y = L(x). Its tangent is L applied to the tangents, its reverse the transpose Lᵀ applied to ȳ, and, the second
 * derivative being zero, its tangent reverse Lᵀ applied to ȳ̇. A subclass gives L and Lᵀ.
 */
public abstract class LinearOp implements Op {

    /**
     * L: the output from the inputs (non-differentiable ones are parameters: shapes, indices), its arrays from
     * {@code out} (the output at index j is array j).
     */
    protected abstract Tensor[] apply(Tensor[] in, Out out);

    /**
     * Lᵀ: each differentiable input's adjoint from the output adjoints (non-null), given the inputs' shapes and
     * parameters, its arrays from {@code out} (input i's adjoint at index i; temporaries after the inputs).
     */
    protected abstract Tensor[] transpose(Tensor[] in, Tensor[] outBar, Out out);

    /** L with fresh arrays. */
    public final Tensor[] apply(Tensor[] in) {
        return apply(in, Out.FRESH);
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        return apply(in, Slot.out(slot, Slot.Pass.FORWARD));
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        boolean any = false;
        for (int i = 0; i < in.length; i++) {
            any |= differentiable(i) && inDot[i] != null;
        }
        if (!any) {
            return new Tensor[outputs()];
        }
        Out o = Slot.out(slot, Slot.Pass.TANGENT);
        Tensor[] args = in.clone();
        for (int i = 0; i < in.length; i++) {
            if (differentiable(i)) {
                args[i] = inDot[i] != null ? inDot[i] : Tensor.zeros(in[i].shape());
            }
        }
        return apply(args, o);
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        return transposeOrNull(in, out, outBar, Slot.out(slot, Slot.Pass.REVERSE));
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        return transposeOrNull(in, out, outBarDot, Slot.out(slot, Slot.Pass.TANGENT_REVERSE));
    }

    private Tensor[] transposeOrNull(Tensor[] in, Tensor[] out, Tensor[] bar, Out o) {
        if (Op.allNull(bar)) {
            return new Tensor[in.length];
        }
        Tensor[] full = bar.clone();
        for (int j = 0; j < full.length; j++) {
            if (full[j] == null) {
                full[j] = Tensor.zeros(out[j].shape());
            }
        }
        return transpose(in, full, o);
    }
}
