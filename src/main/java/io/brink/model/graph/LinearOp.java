package io.brink.model.graph;

/**
 * An op linear in its differentiable inputs (Transpose, Reshape, Gather, Slice, Concat, reductions by sum or mean, …):
 * y = L(x). Its tangent is L applied to the tangents, its reverse the transpose Lᵀ applied to ȳ, and, the second
 * derivative being zero, its tangent reverse Lᵀ applied to ȳ̇. A subclass gives L and Lᵀ.
 */
public abstract class LinearOp implements Op {

    /** L: the output from the inputs (non-differentiable ones are parameters: shapes, indices). */
    protected abstract Tensor[] apply(Tensor[] in);

    /** Lᵀ: each differentiable input's adjoint from the output adjoints (non-null), given the inputs' shapes and parameters. */
    protected abstract Tensor[] transpose(Tensor[] in, Tensor[] outBar);

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        return apply(in);
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        boolean any = false;
        Tensor[] args = in.clone();
        for (int i = 0; i < in.length; i++) {
            if (differentiable(i)) {
                any |= inDot[i] != null;
                args[i] = inDot[i] != null ? inDot[i] : Tensor.zeros(in[i].shape());
            }
        }
        return any ? apply(args) : new Tensor[outputs()];
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        return transposeOrNull(in, out, outBar);
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        return transposeOrNull(in, out, outBarDot);
    }

    private Tensor[] transposeOrNull(Tensor[] in, Tensor[] out, Tensor[] bar) {
        if (Op.allNull(bar)) {
            return new Tensor[in.length];
        }
        Tensor[] full = bar.clone();
        for (int j = 0; j < full.length; j++) {
            if (full[j] == null) {
                full[j] = Tensor.zeros(out[j].shape());
            }
        }
        return transpose(in, full);
    }
}
