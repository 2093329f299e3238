package io.brink.model.bounds;

import java.util.function.ToIntFunction;

/**
 * Softmax as nodes that have linear relaxations: per group of A elements x_1..x_A along the axis,
 * y_i = 1 / Σ_j e^(x_j − x_i) — an affine node of the A² differences (the diagonal ones the constant 0), e^v on them
 * ({@link Unrolled.Curve}), an affine node of the A sums, and 1/v on those (each sum is at least 1: its own term is e⁰).
 * Through the differences, a weight's bounds stay near its true range, where e^(x_i)/Σ e^(x_j) as a quotient of two
 * bounded values would not (numerator and denominator move together).
 */
final class SoftmaxNodes {

    private SoftmaxNodes() {
    }

    /**
     * The nodes of a softmax over {@code in} with groups {outer, len, inner} (element (o, k, i) at (o·len + k)·inner + i,
     * as {@code SoftmaxOp.groupsOf}), added to {@code u}; returns the outputs' references. {@code materialize} turns a
     * group's references into one node.
     */
    static ElementRefs add(Unrolled u, ElementRefs in, int[] g, ToIntFunction<ElementRefs> materialize) {
        int A = g[1];
        // the same two maps for every group: the A² differences x_q − x_p of a group, and the A sums over q of e^(x_q − x_p)
        double[] diff = new double[A * A * A];
        double[] sum = new double[A * A * A];
        for (int p = 0; p < A; p++) {
            for (int q = 0; q < A; q++) {
                if (p != q) {
                    diff[(p * A + q) * A + q] += 1;
                    diff[(p * A + q) * A + p] -= 1;
                }
                sum[p * A * A + p * A + q] = 1;
            }
        }
        ElementRefs out = ElementRefs.of(in.size());
        for (int o = 0; o < g[0]; o++) {
            for (int i = 0; i < g[2]; i++) {
                int[] at = new int[A];
                for (int k = 0; k < A; k++) {
                    at[k] = (o * A + k) * g[2] + i;
                }
                int x = materialize.applyAsInt(in.at(at));
                int d = u.add(new Unrolled.Linear(A * A, new double[A * A], new double[][] {diff}, new int[] {x}));
                int e = u.add(new Unrolled.Curve(A * A, d, Relax.Curved.EXP));
                int s = u.add(new Unrolled.Linear(A, new double[A], new double[][] {sum}, new int[] {e}));
                int y = u.add(new Unrolled.Curve(A, s, Relax.Curved.RECIPROCAL));
                for (int k = 0; k < A; k++) {
                    out.node()[at[k]] = y;
                    out.idx()[at[k]] = k;
                }
            }
        }
        return out;
    }
}
