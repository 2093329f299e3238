package io.brink.model.bounds;

import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * A maximum over groups of elements (ReduceMax: max pooling) as nodes that have relaxations, every group at once:
 * m₁ = x₁, m_k = m_{k−1} + relu(x_k − m_{k−1}) for the k-th element of each group — exact, an affine node and a ReLU per
 * step. Where one element is the maximum by a margin larger than the bounds' widths, every ReLU is stable and the bound is
 * that element's; near ties the ReLU triangles loosen it.
 */
final class MaxNodes {

    private MaxNodes() {
    }

    /**
     * The nodes of the maximum over {@code in} whose element k goes to output {@code dst[k]} (of {@code groups}, each
     * group the same size), added to {@code u}; returns the outputs' references. {@code materialize} turns references
     * into one node.
     */
    static ElementRefs add(Unrolled u, ElementRefs in, int[] dst, int groups, ToIntFunction<ElementRefs> materialize) {
        int[] fill = new int[groups];
        for (int g : dst) {
            fill[g]++;
        }
        int size = fill[0];
        int[][] columns = new int[size][groups]; // columns[k][g]: the input index of group g's k-th element
        Arrays.fill(fill, 0);
        for (int k = 0; k < dst.length; k++) {
            columns[fill[dst[k]]++][dst[k]] = k;
        }
        double[] identity = new double[groups * groups], minus = new double[groups * groups];
        for (int g = 0; g < groups; g++) {
            identity[g * groups + g] = 1;
            minus[g * groups + g] = -1;
        }
        int m = -1;
        for (int k = 0; k < size; k++) {
            int c = materialize.applyAsInt(in.at(columns[k]));
            if (m < 0) {
                m = c;
                continue;
            }
            int d = u.add(new Unrolled.Linear(groups, new double[groups], new double[][] {identity, minus}, new int[] {c, m}));
            m = u.add(new Unrolled.Combine(groups, m, 1, u.add(new Unrolled.Relu(groups, d)), 1));
        }
        return ElementRefs.whole(m, groups);
    }
}
