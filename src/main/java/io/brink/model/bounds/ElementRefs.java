package io.brink.model.bounds;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A graph value of one window as {@link GraphUnroller} sees it: per element, {@code node[k] ≥ 0} the element
 * {@code idx[k]} of that unrolled node, else the constant {@code constant[k]}.
 */
record ElementRefs(int[] node, int[] idx, double[] constant) {

    int size() {
        return node.length;
    }

    static ElementRefs of(int n) {
        int[] node = new int[n];
        Arrays.fill(node, -1);
        return new ElementRefs(node, new int[n], new double[n]);
    }

    /** Elements from..from+len-1. */
    ElementRefs slice(int from, int len) {
        return new ElementRefs(Arrays.copyOfRange(node, from, from + len), Arrays.copyOfRange(idx, from, from + len),
                Arrays.copyOfRange(constant, from, from + len));
    }

    /** The whole of unrolled node {@code k} (size {@code size}). */
    static ElementRefs whole(int k, int size) {
        ElementRefs r = of(size);
        for (int i = 0; i < size; i++) {
            r.node[i] = k;
            r.idx[i] = i;
        }
        return r;
    }

    /** Whether elements p..p+size-1 are the whole of unrolled node k, in order. */
    boolean wholeAt(int p, int k, int size) {
        for (int i = 0; i < size; i++) {
            if (node[p + i] != k || idx[p + i] != i) {
                return false;
            }
        }
        return true;
    }

    /** An affine node of {@code u} that copies these elements (coefficient 1) and constants (bias). */
    Unrolled.Linear selection(Unrolled u) {
        double[] bias = new double[size()];
        Map<Integer, double[]> weights = new LinkedHashMap<>();
        for (int k = 0; k < size(); k++) {
            if (node[k] < 0) {
                bias[k] = constant[k];
            } else {
                int size = u.nodes().get(node[k]).size();
                weights.computeIfAbsent(node[k], q -> new double[size() * size])[k * size + idx[k]] = 1;
            }
        }
        return linear(bias, weights);
    }

    /** The affine node Σ_q W_q·v_q + bias with W_q the dense [bias.length × size of node q] matrices of {@code weights}. */
    static Unrolled.Linear linear(double[] bias, Map<Integer, double[]> weights) {
        int[] inputs = new int[weights.size()];
        double[][] w = new double[weights.size()][];
        int q = 0;
        for (Map.Entry<Integer, double[]> e : weights.entrySet()) {
            inputs[q] = e.getKey();
            w[q++] = e.getValue();
        }
        return new Unrolled.Linear(bias.length, bias, w, inputs);
    }

    /** These references, of a value of shape {@code from}, broadcast to shape {@code to} (dimensions aligned on the right). */
    ElementRefs broadcast(int[] from, int[] to) {
        if (Arrays.equals(from, to)) {
            return this;
        }
        int size = 1;
        for (int d : to) {
            size *= d;
        }
        int[] positions = new int[size];
        int[] at = new int[to.length];
        for (int k = 0; k < size; k++) {
            int rest = k;
            for (int d = to.length - 1; d >= 0; d--) {
                at[d] = rest % to[d];
                rest /= to[d];
            }
            int src = 0;
            for (int d = 0; d < from.length; d++) {
                int axis = to.length - from.length + d;
                src = src * from[d] + (from[d] == 1 ? 0 : at[axis]);
            }
            positions[k] = src;
        }
        return at(positions);
    }

    /** The elements at {@code positions}, in that order. */
    ElementRefs at(int[] positions) {
        ElementRefs out = of(positions.length);
        for (int k = 0; k < positions.length; k++) {
            out.node[k] = node[positions[k]];
            out.idx[k] = idx[positions[k]];
            out.constant[k] = constant[positions[k]];
        }
        return out;
    }
}
