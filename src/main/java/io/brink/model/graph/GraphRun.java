package io.brink.model.graph;

/**
 * One evaluation of a {@link Graph}: its forward values, and the passes that differentiate them — reverse (input
 * gradient of a seed on the logits), tangent (Jacobian-vector) and tangent reverse (Hessian-vector by
 * forward-over-reverse, after a reverse and a tangent on the same forward). Derivatives run through the variable values
 * only. Not thread-safe; each evaluation has its own fused-cell caches.
 */
public final class GraphRun {

    private final Graph graph;
    private final java.util.List<Graph.Node> nodes;
    private final int input;
    private final int output;
    private final boolean[] variable;
    private final Slot[] slots;
    private final Tensor[] values;
    private final Tensor[] dots;
    private final Tensor[] bars;
    /** Per value id, the run's own arrays where a reverse (index 0) or tangent-reverse (1) pass sums several adjoints. */
    private final double[][][] sums;

    public GraphRun(Graph graph, CellFactory cells) {
        this(graph, graph.nodes(), graph.constants(), graph.values(), graph.input(), graph.output(), cells);
    }

    /**
     * A run of {@code graph} through {@code nodes}, the graph's own nodes rewritten for evaluation (its element-wise
     * chains fused by {@link ElementwiseChains}: the same values at the ids they keep).
     */
    public GraphRun(Graph graph, java.util.List<Graph.Node> nodes, CellFactory cells) {
        this(graph, nodes, graph.constants(), graph.values(), graph.input(), graph.output(), cells);
    }

    /** A run of a plain graph of ops (a sub-graph: one input, one output), not a classifier. */
    GraphRun(java.util.List<Graph.Node> nodes, java.util.Map<Integer, Tensor> constants, int values, int input, int output,
             CellFactory cells) {
        this(null, nodes, constants, values, input, output, cells);
    }

    private GraphRun(Graph graph, java.util.List<Graph.Node> nodes, java.util.Map<Integer, Tensor> constants, int values,
                     int input, int output, CellFactory cells) {
        this.graph = graph;
        this.nodes = nodes;
        this.input = input;
        this.output = output;
        this.variable = Graph.variable(nodes, values, input, constants);
        this.slots = new Slot[nodes.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(cells);
            Graph.Node n = nodes.get(i);
            boolean[] needed = new boolean[n.inputs().length];
            for (int q = 0; q < needed.length; q++) {
                int id = n.inputs()[q];
                needed[q] = id >= 0 && variable[id] && n.op().differentiable(q);
            }
            slots[i].adjointNeeded(needed);
        }
        this.values = new Tensor[values];
        this.dots = new Tensor[values];
        this.bars = new Tensor[values];
        this.sums = new double[2][values][];
        constants.forEach((id, t) -> this.values[id] = t);
    }

    /** The classifier graph run, or null for a sub-graph. */
    public Graph graph() {
        return graph;
    }

    /** The nodes in evaluation order. */
    public java.util.List<Graph.Node> nodes() {
        return nodes;
    }

    /** The input's value id. */
    public int input() {
        return input;
    }

    /** The output's value id. */
    public int output() {
        return output;
    }

    /** Number of value ids. */
    public int values() {
        return values.length;
    }

    /** Per value id, whether it depends on the input. */
    public boolean[] variable() {
        return variable.clone();
    }

    private Tensor[] gather(Tensor[] from, int[] ids) {
        Tensor[] r = new Tensor[ids.length];
        for (int i = 0; i < ids.length; i++) {
            r[i] = ids[i] < 0 ? null : from[ids[i]];
        }
        return r;
    }

    /** Tangents of a node's inputs: null for absent, non-variable or non-differentiable ones. */
    private Tensor[] inputDots(Graph.Node n) {
        Tensor[] r = new Tensor[n.inputs().length];
        for (int i = 0; i < r.length; i++) {
            int id = n.inputs()[i];
            r[i] = id >= 0 && variable[id] && n.op().differentiable(i) ? dots[id] : null;
        }
        return r;
    }

    /** Whether a node writes a value that depends on the window. */
    public boolean dependsOnWindow(Graph.Node n) {
        for (int o : n.outputs()) {
            if (o >= 0 && variable[o]) {
                return true;
            }
        }
        return false;
    }

    /** What may replace a node's outputs during a forward (MC dropout on the recurrent outputs): node index, op, outputs. */
    public interface OutputHook {
        Tensor[] outputs(int node, Op op, Tensor[] out);
    }

    /** The logits at windows {@code x} (the graph input's layout). */
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** The logits at windows {@code x}, each node's outputs passed through {@code hook} (null: none). */
    public Tensor forward(Tensor x, OutputHook hook) {
        values[input] = x;
        for (int k = 0; k < slots.length; k++) {
            Graph.Node n = nodes.get(k);
            Tensor[] out = n.op().forward(gather(values, n.inputs()), slots[k]);
            if (hook != null) {
                out = hook.outputs(k, n.op(), out);
            }
            for (int j = 0; j < n.outputs().length; j++) {
                if (n.outputs()[j] >= 0) {
                    values[n.outputs()[j]] = j < out.length ? out[j] : null;
                }
            }
        }
        return values[output];
    }

    /** The value of id of the last forward. */
    public Tensor value(int id) {
        return values[id];
    }

    /** x̄ for the seed ȳ on the logits; the adjoints are kept for {@link #tangentReverse}. */
    public Tensor reverse(Tensor seed) {
        java.util.Arrays.fill(bars, null);
        bars[output] = seed;
        for (int k = slots.length - 1; k >= 0; k--) {
            Graph.Node n = nodes.get(k);
            if (!dependsOnWindow(n)) {
                continue;
            }
            Tensor[] inBar = n.op().reverse(gather(values, n.inputs()), gather(values, n.outputs()), gather(bars, n.outputs()), slots[k]);
            accumulate(n, inBar, bars, sums[0]);
        }
        return orZeros(bars[input], values[input]);
    }

    /** ẏ on the logits along ẋ. */
    public Tensor tangent(Tensor xdot) {
        java.util.Arrays.fill(dots, null);
        dots[input] = xdot;
        for (int k = 0; k < slots.length; k++) {
            Graph.Node n = nodes.get(k);
            if (!dependsOnWindow(n)) {
                continue;
            }
            Tensor[] out = n.op().tangent(gather(values, n.inputs()), gather(values, n.outputs()), inputDots(n), slots[k]);
            for (int j = 0; j < n.outputs().length; j++) {
                int id = n.outputs()[j];
                if (id >= 0 && variable[id]) {
                    dots[id] = j < out.length && out[j] != null ? out[j] : Tensor.zeros(values[id].shape());
                }
            }
        }
        return dots[output];
    }

    /**
     * x̄̇: the tangent of the last reverse pass along the last tangent, with {@code seedDot} the seed's own tangent (null:
     * a constant seed) — the Hessian-vector product of the seed's objective.
     */
    public Tensor tangentReverse(Tensor seedDot) {
        Tensor[] barDots = new Tensor[values.length];
        barDots[output] = seedDot;
        for (int k = slots.length - 1; k >= 0; k--) {
            Graph.Node n = nodes.get(k);
            if (!dependsOnWindow(n)) {
                continue;
            }
            Tensor[] r = n.op().tangentReverse(gather(values, n.inputs()), gather(values, n.outputs()), inputDots(n),
                    gather(bars, n.outputs()), gather(barDots, n.outputs()), slots[k]);
            accumulate(n, r, barDots, sums[1]);
        }
        return orZeros(barDots[input], values[input]);
    }

    /**
     * Adds a node's input adjoints into {@code into}. A value's first adjoint is kept as the op gave it; a second one
     * sums both into the run's own array for that value ({@code own}), which the following ones add to — never into
     * an array an op returned, which may be another value's adjoint.
     */
    private void accumulate(Graph.Node n, Tensor[] inBar, Tensor[] into, double[][] own) {
        for (int i = 0; i < n.inputs().length && i < inBar.length; i++) {
            int id = n.inputs()[i];
            if (id < 0 || !variable[id] || !n.op().differentiable(i) || inBar[i] == null) {
                continue;
            }
            if (into[id] == null) {
                into[id] = inBar[i];
                continue;
            }
            double[] current = into[id].data();
            double[] acc = own[id];
            if (current != acc) {
                if (acc == null || acc.length != current.length) {
                    acc = new double[current.length];
                    own[id] = acc;
                }
                System.arraycopy(current, 0, acc, 0, current.length);
                into[id] = new Tensor(into[id].shape(), acc);
            }
            double[] add = inBar[i].data();
            for (int e = 0; e < acc.length; e++) {
                acc[e] += add[e];
            }
        }
    }

    private static Tensor orZeros(Tensor t, Tensor like) {
        return t != null ? t : Tensor.zeros(like.shape());
    }
}
