package io.brink.model.bounds;

import io.brink.model.graph.Op;
import io.brink.model.graph.Slot;
import io.brink.model.graph.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The affine map of an op that is affine in its window-dependent inputs, read from the op's own rules: the bias is its
 * forward with those inputs at zero, the coefficients its tangent on each unit vector; then checked — the forward at a
 * random point must equal the map to 1e-9 relative — so that an op whose map is not affine (a product or quotient of two
 * window-dependent values) is refused, not linearized.
 *
 * @param bias per output, the op at zero window-dependent inputs (null for an absent output)
 * @param rows per output, per element: the coefficient of each window-dependent input element, keyed by
 *             {@code (input << 32) | element}
 */
record AffineProbe(Tensor[] bias, List<List<Map<Long, Double>>> rows) {

    private static final double TOLERANCE = 1e-9;

    /**
     * Probes {@code op} at {@code zero} (its inputs, window-dependent ones — {@code variable[i]} — at zero); empty
     * coefficients where the op gives none. {@code refuse} names the node in the exception when the check fails.
     */
    static AffineProbe of(Op op, Tensor[] zero, boolean[] variable, Slot slot, long seed, java.util.function.Function<String, RuntimeException> refuse) {
        // the forward's arrays are the slot's, rewritten by its next forward (the check below): the probe keeps a copy
        Tensor[] bias = op.forward(zero, slot).clone();
        for (int o = 0; o < bias.length; o++) {
            bias[o] = bias[o] == null ? null : new Tensor(bias[o].shape(), bias[o].data().clone());
        }
        List<List<Map<Long, Double>>> rows = new ArrayList<>();
        for (Tensor b : bias) {
            List<Map<Long, Double>> r = new ArrayList<>();
            for (int k = 0; b != null && k < b.size(); k++) {
                r.add(new LinkedHashMap<>());
            }
            rows.add(r);
        }
        for (int i = 0; i < zero.length; i++) {
            if (!variable[i]) {
                continue;
            }
            if (!op.differentiable(i)) {
                throw refuse.apply("its input " + i + " depends on the window and is not differentiated");
            }
            for (int j = 0; j < zero[i].size(); j++) {
                Tensor[] dot = new Tensor[zero.length];
                double[] e = new double[zero[i].size()];
                e[j] = 1;
                dot[i] = new Tensor(zero[i].shape(), e);
                Tensor[] col = op.tangent(zero, bias, dot, slot);
                for (int o = 0; o < bias.length; o++) {
                    if (col[o] == null) {
                        continue;
                    }
                    double[] c = col[o].data();
                    for (int k = 0; k < c.length; k++) {
                        if (c[k] != 0) {
                            rows.get(o).get(k).put(((long) i << 32) | j, c[k]);
                        }
                    }
                }
            }
        }
        AffineProbe p = new AffineProbe(bias, rows);
        if (!p.holdsAtRandomPoint(op, zero, variable, slot, seed)) {
            throw refuse.apply("it is not affine in its window-dependent inputs, and it has no bound rule");
        }
        return p;
    }

    private boolean holdsAtRandomPoint(Op op, Tensor[] zero, boolean[] variable, Slot slot, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Tensor[] at = zero.clone();
        for (int i = 0; i < at.length; i++) {
            if (variable[i]) {
                double[] v = new double[zero[i].size()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = rnd.nextDouble(-1, 1);
                }
                at[i] = new Tensor(zero[i].shape(), v);
            }
        }
        Tensor[] f = op.forward(at, slot);
        for (int o = 0; o < f.length; o++) {
            if (f[o] == null) {
                continue;
            }
            for (int k = 0; k < f[o].size(); k++) {
                double predicted = bias[o].data()[k], scale = Math.abs(predicted);
                for (Map.Entry<Long, Double> c : rows.get(o).get(k).entrySet()) {
                    double term = c.getValue() * at[(int) (c.getKey() >>> 32)].data()[(int) (long) c.getKey()];
                    predicted += term;
                    scale += Math.abs(term);
                }
                if (!(Math.abs(f[o].data()[k] - predicted) <= TOLERANCE * (1 + scale))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Output {@code o}'s elements: moved references and constants where the map only selects (one coefficient 1, no
     * bias) or is constant, else one new affine node of {@code u}. {@code inputs[i]} are input i's references.
     */
    ElementRefs output(int o, ElementRefs[] inputs, Unrolled u) {
        double[] b0 = bias[o].data();
        List<Map<Long, Double>> rs = rows.get(o);
        ElementRefs r = ElementRefs.of(b0.length);
        boolean selects = true;
        for (int k = 0; k < b0.length && selects; k++) {
            Map<Long, Double> row = rs.get(k);
            if (row.isEmpty()) {
                r.constant()[k] = b0[k];
            } else if (row.size() == 1 && b0[k] == 0 && row.values().iterator().next() == 1.0) {
                long key = row.keySet().iterator().next();
                ElementRefs src = inputs[(int) (key >>> 32)];
                int j = (int) key;
                r.node()[k] = src.node()[j];
                r.idx()[k] = src.idx()[j];
                r.constant()[k] = src.constant()[j];
            } else {
                selects = false;
            }
        }
        if (selects) {
            return r;
        }
        double[] b = b0.clone();
        Map<Integer, double[]> weights = new LinkedHashMap<>();
        for (int k = 0; k < b0.length; k++) {
            for (Map.Entry<Long, Double> c : rs.get(k).entrySet()) {
                ElementRefs src = inputs[(int) (c.getKey() >>> 32)];
                int j = (int) (long) c.getKey();
                if (src.node()[j] < 0) {
                    b[k] += c.getValue() * src.constant()[j];
                } else {
                    int node = src.node()[j], size = u.nodes().get(node).size();
                    weights.computeIfAbsent(node, q -> new double[b0.length * size])[k * size + src.idx()[j]] += c.getValue();
                }
            }
        }
        return ElementRefs.whole(u.add(ElementRefs.linear(b, weights)), b0.length);
    }
}
