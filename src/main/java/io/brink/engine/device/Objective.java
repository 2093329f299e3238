package io.brink.engine.device;

/**
 * The scalar function f(z) of a classifier's outputs z whose input gradient ∇ₓf and Hessian-vector products
 * ∇²ₓf·v a {@link Tape} computes, one function per row: row r of a gradient or of a product differentiates
 * f_r at its mapped forward row. Sealed, so that every device knows every objective it must implement
 * (the CPU in Java, a GPU as a kernel).
 *
 * <p>The objective is linear in the outputs (the logit difference z_j − z_k), so its Hessian in output space is
 * zero and ∇²ₓf·v comes from the classifier alone. For an ensemble the outputs are ℓ = log p̄, non-linear in
 * the members' logits; the device's tape differentiates through that head (on the CPU, the ensemble
 * evaluator adds the tangent of each member's seed), so the same objective serves both.
 */
public sealed interface Objective permits Objective.LogitDifference {

    /** Number of rows (functions) this objective defines. */
    int rows();

    /** Writes ∂f_r/∂z (one value per output) for row r into {@code out} at {@code offset}; the slots must be zero. */
    void seed(int row, double[] out, int offset);

    /** This objective for the rows {@code rows[0..]} of this one, in that order. */
    Objective select(int[] rows);

    /** ∂f_r/∂z of every row, row-major (rows × {@code outputs}): the seed of a reverse pass. */
    default double[] seeds(int outputs) {
        double[] w = new double[rows() * outputs];
        for (int r = 0; r < rows(); r++) {
            seed(r, w, r * outputs);
        }
        return w;
    }

    /**
     * f_r(z) = z[plus[r]] − z[minus[r]] on logits (a dimensionless logit difference). With plus = the
     * runner-up class j and minus = the predicted class k̂ it is g = z_j − z_k̂, negative while the
     * prediction holds and zero on the decision boundary.
     */
    record LogitDifference(int[] plus, int[] minus) implements Objective {

        public LogitDifference {
            if (plus.length != minus.length) {
                throw new IllegalArgumentException("plus and minus classes need one entry per row");
            }
        }

        @Override
        public int rows() {
            return plus.length;
        }

        @Override
        public void seed(int row, double[] out, int offset) {
            out[offset + plus[row]] = 1;
            out[offset + minus[row]] = -1;
        }

        @Override
        public Objective select(int[] rows) {
            int[] p = new int[rows.length];
            int[] m = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                p[i] = plus[rows[i]];
                m[i] = minus[rows[i]];
            }
            return new LogitDifference(p, m);
        }
    }
}
