package io.brink.model.bounds;

import io.brink.model.RecurrentLayer;
import io.brink.model.graph.AddOp;
import io.brink.model.graph.AffineOp;
import io.brink.model.graph.DivOp;
import io.brink.model.graph.GatherMapOp;
import io.brink.model.graph.Graph;
import io.brink.model.graph.GraphRun;
import io.brink.model.graph.LinearOp;
import io.brink.model.graph.MatMulOp;
import io.brink.model.graph.MulOp;
import io.brink.model.graph.NegOp;
import io.brink.model.graph.PowOp;
import io.brink.model.graph.Op;
import io.brink.model.graph.RecurrentOp;
import io.brink.model.graph.ReduceMaxOp;
import io.brink.model.graph.Slot;
import io.brink.model.graph.SoftmaxOp;
import io.brink.model.graph.SubOp;
import io.brink.model.graph.Tensor;
import io.brink.model.graph.UnrolledRecurrentOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model {@link Graph} unrolled over one window (batch of one) into {@link Unrolled}'s primitive nodes, so that
 * {@link Crown} bounds it as it bounds the fixed-shape stack. Each window-dependent graph value is a list of references,
 * one per element: an element of an unrolled node, or a constant. The rules per op:
 * <ul>
 *   <li>the fused recurrent ops ({@link RecurrentOp}: LSTM, GRU, RNN; forward, reverse or bidirectional; layout 0 or 1)
 *   become their cells' nodes per step and direction ({@link Unrolled#layer}), a reverse direction over the reversed
 *   steps;</li>
 *   <li>ops that only move elements ({@link GatherMapOp}: Transpose, Reshape, Slice, Gather, Expand, Squeeze, Identity,
 *   Dropout, …) only move references: their forward is run once on the element indices;</li>
 *   <li>the ops that are affine by kind when their other operands are constants (the linear ops — Conv, ReduceMean,
 *   ReduceSum, Concat, Split —, MatMul and Gemm, Add, Sub, Neg, Mul, Div, Affine) become one affine node whose
 *   coefficients are read from the op's own tangent rule on unit vectors; that the map is affine is checked at a random
 *   point (the forward there must equal it to 1e-9: a Div by a window-dependent value, a MatMul of two window-dependent
 *   values fail it and are refused). An op is affine here only by its kind, never because a probe looked linear (a
 *   HardSigmoid or Clip is linear near 0 and not beyond). An affine map that only selects elements or constants moves
 *   references instead;</li>
 *   <li>activations become their nodes ({@link ActivationNodes}: σ, tanh, erf, ReLU, √, squares, softplus, and the
 *   piecewise ones through ReLUs); Mul of two window-dependent values a product node (after
 *   broadcasting both to the output's shape);</li>
 *   <li>Softmax along any axis becomes, per group, y_i = 1/Σ_j e^(x_j − x_i) ({@link SoftmaxNodes}: attention pooling);
 *   ReduceMax a chain of ReLUs ({@link MaxNodes}: max pooling).</li>
 * </ul>
 * A recurrent op with the specification's cell semantics ({@link UnrolledRecurrentOp}) is walked through its own
 * sub-graph of primitive ops by the same rules. Anything else (LogSoftmax, a constant divided by a window-dependent
 * value, activations without a rule) is refused with {@link NoBoundRule}, naming the node.
 *
 * <p>Why this class is long: one short rule per op kind, side by side, so that which ops have bound rules reads in one
 * place; the longer decompositions (softmax, maximum) are classes of their own.
 */
final class GraphUnroller {

    /** Raised when a graph holds an op this unroller has no bound rule for; the message names the node and op. */
    static final class NoBoundRule extends IllegalArgumentException {
        NoBoundRule(String message) {
            super(message);
        }
    }

    private final Graph graph;
    private final Unrolled u;
    private final GraphRun run;
    private final ElementRefs[] refs;
    private final Slot slot = new Slot(new ShapeCells());

    private GraphUnroller(Graph graph, int steps) {
        this.graph = graph;
        this.u = Unrolled.empty(steps, graph.features());
        this.run = new GraphRun(graph, new ShapeCells());
        this.refs = new ElementRefs[graph.values()];
    }

    /** An unroller of a sub-graph (a specification cell's ops) into the same nodes. */
    private GraphUnroller(Unrolled u, GraphRun run) {
        this.graph = null;
        this.u = u;
        this.run = run;
        this.refs = new ElementRefs[run.values()];
    }

    /** {@code graph} unrolled over a window of {@code steps} steps; {@link NoBoundRule} when an op has no bound rule. */
    static Unrolled of(Graph graph, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a window has at least one step, got " + steps);
        }
        return new GraphUnroller(graph, steps).unroll();
    }

    private Unrolled unroll() {
        int T = u.steps(), d = u.features();
        run.forward(Tensor.zeros(graph.timeMajor() ? new int[] {T, 1, d} : new int[] {1, T, d}));
        ElementRefs x = ElementRefs.of(T * d);
        for (int t = 0; t < T; t++) {
            for (int f = 0; f < d; f++) {
                x.node()[t * d + f] = t;
                x.idx()[t * d + f] = f;
            }
        }
        refs[graph.input()] = x;
        walk();
        ElementRefs out = refs[graph.output()];
        if (out == null) {
            throw new NoBoundRule("the graph's logits do not depend on the window");
        }
        if (out.size() != graph.classes()) {
            throw new IllegalStateException("the logits have " + out.size() + " elements for " + graph.classes() + " classes");
        }
        int k = materialize(out);
        if (k != u.output()) {
            u.add(out.selection(u));
        }
        return u;
    }

    /** Unrolls every node of the run that depends on the window, in order. */
    private void walk() {
        for (Graph.Node n : run.nodes()) {
            if (run.dependsOnWindow(n)) {
                node(n);
            }
        }
    }

    /**
     * A recurrent op with the specification's cell semantics: its sub-graph of primitive ops (the cells' equations over
     * the steps, initial states as constants) unrolled by the same rules, its output moved into Y, Y_h and Y_c.
     */
    private void specCells(Graph.Node n, UnrolledRecurrentOp op) {
        constantBeyondFirst(n, " (a weight, length or initial state)");
        Tensor[] in = inputs(n);
        GraphRun sub = op.subGraph(in);
        sub.forward(in[0]);
        GraphUnroller cells = new GraphUnroller(u, sub);
        cells.refs[sub.input()] = refs[n.inputs()[0]];
        try {
            cells.walk();
        } catch (NoBoundRule e) {
            throw refuse(n, "its cells: " + e.getMessage());
        }
        Tensor packed = sub.value(sub.output());
        moved(n, cells.refs[sub.output()], op.unpack(new Tensor(packed.shape(), indices(packed.size())), in));
    }

    /** 0, 1, …, n − 1: a value's element indices, to run an op that only moves elements on. */
    private static double[] indices(int n) {
        double[] index = new double[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        return index;
    }

    /** Sets the node's outputs to the references of {@code src} at the element indices each output holds. */
    private void moved(Graph.Node n, ElementRefs src, Tensor[] outs) {
        for (int o = 0; o < outs.length; o++) {
            if (outs[o] == null) {
                continue;
            }
            double[] at = outs[o].data();
            int[] positions = new int[at.length];
            for (int k = 0; k < at.length; k++) {
                positions[k] = (int) at[k];
            }
            set(n, o, src.at(positions));
        }
    }

    private void node(Graph.Node n) {
        Op op = n.op();
        if (op instanceof RecurrentOp r) {
            recurrent(n, r);
        } else if (ActivationNodes.covers(op) || op instanceof PowOp && square(n)) {
            elementwise(n);
        } else if (op instanceof MulOp && variable(n, 0) && n.inputs()[0] == n.inputs()[1]) {
            elementwise(n); // x·x: a square, whose bounds know it is not negative
        } else if (op instanceof DivOp && variable(n, 1)) {
            quotient(n);
        } else if (op instanceof MulOp && variable(n, 0) && variable(n, 1)) {
            product(n);
        } else if (op instanceof SoftmaxOp s && !s.log()) {
            softmax(n, s);
        } else if (op instanceof UnrolledRecurrentOp r) {
            specCells(n, r);
        } else if (op instanceof ReduceMaxOp m) {
            maximum(n, m);
        } else if (op instanceof GatherMapOp) {
            moves(n);
        } else if (op instanceof LinearOp || op instanceof AddOp || op instanceof SubOp || op instanceof NegOp || op instanceof MulOp
                || op instanceof DivOp || op instanceof MatMulOp || op instanceof AffineOp) {
            affine(n);
        } else {
            throw refuse(n, "no bound rule yet");
        }
    }

    private boolean variable(Graph.Node n, int i) {
        return i < n.inputs().length && n.inputs()[i] >= 0 && refs[n.inputs()[i]] != null;
    }

    /** Refuses the node when an input after the first ({@code what}: what those inputs are) depends on the window. */
    private void constantBeyondFirst(Graph.Node n, String what) {
        for (int i = 1; i < n.inputs().length; i++) {
            if (variable(n, i)) {
                throw refuse(n, "its input " + i + what + " depends on the window");
            }
        }
    }

    private static NoBoundRule refuse(Graph.Node n, String why) {
        return new NoBoundRule("node " + n.name() + " (" + n.op().type() + "): " + why);
    }

    private void recurrent(Graph.Node n, RecurrentOp r) {
        constantBeyondFirst(n, "");
        int[] shape = run.value(n.inputs()[0]).shape();
        int T = r.layout() == 0 ? shape[0] : shape[1], batch = r.layout() == 0 ? shape[1] : shape[0], in = shape[2];
        if (batch != 1) {
            throw refuse(n, "a batch of " + batch + " inside one window");
        }
        ElementRefs x = refs[n.inputs()[0]];
        int[] xs = new int[T];
        for (int t = 0; t < T; t++) {
            xs[t] = materialize(x.slice(t * in, in));
        }
        int dirs = r.directions(), H = r.hidden();
        int[][] hs = new int[dirs][];
        for (int dir = 0; dir < dirs; dir++) {
            RecurrentLayer layer = r.layers().get(dir);
            boolean back = r.reversed(dir);
            int[] seq = back ? reversed(xs) : xs;
            int[] h = u.layer(layer, seq);
            hs[dir] = back ? reversed(h) : h;
        }
        ElementRefs y = ElementRefs.of(T * dirs * H);
        ElementRefs yh = ElementRefs.of(dirs * H);
        for (int dir = 0; dir < dirs; dir++) {
            for (int j = 0; j < H; j++) {
                for (int t = 0; t < T; t++) {
                    y.node()[(t * dirs + dir) * H + j] = hs[dir][t];
                    y.idx()[(t * dirs + dir) * H + j] = j;
                }
                yh.node()[dir * H + j] = r.reversed(dir) ? hs[dir][0] : hs[dir][T - 1];
                yh.idx()[dir * H + j] = j;
            }
        }
        set(n, 0, y);
        set(n, 1, yh);
    }

    private static int[] reversed(int[] a) {
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[a.length - 1 - i];
        }
        return r;
    }

    private void set(Graph.Node n, int output, ElementRefs r) {
        if (output < n.outputs().length && n.outputs()[output] >= 0) {
            refs[n.outputs()[output]] = r;
        }
    }

    private void elementwise(Graph.Node n) {
        ElementRefs in = refs[n.inputs()[0]];
        Op op = n.op();
        for (int k = 0; k < in.size(); k++) {
            if (in.node()[k] < 0) {
                throw refuse(n, "it mixes window-dependent and constant elements");
            }
        }
        ElementRefs out = ElementRefs.of(in.size());
        int p = 0;
        List<int[]> segments = new ArrayList<>();
        while (p < in.size()) {
            int k = in.node()[p], size = u.nodes().get(k).size();
            if (in.idx()[p] != 0 || p + size > in.size() || !in.wholeAt(p, k, size)) {
                segments = null;
                break;
            }
            segments.add(new int[] {p, k, size});
            p += size;
        }
        if (segments == null) {
            segments = List.<int[]>of(new int[] {0, materialize(in), in.size()});
        }
        for (int[] s : segments) {
            int src = s[1], size = s[2];
            int made = ActivationNodes.add(u, op, size, src);
            for (int i = 0; i < size; i++) {
                out.node()[s[0] + i] = made;
                out.idx()[s[0] + i] = i;
            }
        }
        set(n, 0, out);
    }

    /** Whether a Pow node squares a window-dependent base (a constant exponent of 2 everywhere). */
    private boolean square(Graph.Node n) {
        if (!variable(n, 0) || variable(n, 1) || !Arrays.equals(run.value(n.inputs()[0]).shape(), run.value(n.outputs()[0]).shape())) {
            return false;
        }
        for (double e : run.value(n.inputs()[1]).data()) {
            if (e != 2) {
                return false;
            }
        }
        return true;
    }

    /** a / b with b window-dependent: a · (1/b), both broadcast to the output's shape (LayerNorm's division by its deviation). */
    private void quotient(Graph.Node n) {
        if (!variable(n, 0)) {
            throw refuse(n, "a constant divided by a window-dependent value has no bound rule yet");
        }
        int[] shape = run.value(n.outputs()[0]).shape();
        ElementRefs b = refs[n.inputs()[1]];
        int inverse = u.add(new Unrolled.Curve(b.size(), materialize(b), Relax.Curved.RECIPROCAL));
        ElementRefs a = refs[n.inputs()[0]].broadcast(run.value(n.inputs()[0]).shape(), shape);
        ElementRefs r = ElementRefs.whole(inverse, b.size()).broadcast(run.value(n.inputs()[1]).shape(), shape);
        int made = u.add(new Unrolled.Product(a.size(), materialize(a), materialize(r)));
        set(n, 0, ElementRefs.whole(made, a.size()));
    }

    /** x·y of two window-dependent values, broadcast (numpy rules) to the output's shape first when their shapes differ. */
    private void product(Graph.Node n) {
        int[] shape = run.value(n.outputs()[0]).shape();
        ElementRefs a = refs[n.inputs()[0]].broadcast(run.value(n.inputs()[0]).shape(), shape);
        ElementRefs b = refs[n.inputs()[1]].broadcast(run.value(n.inputs()[1]).shape(), shape);
        int made = u.add(new Unrolled.Product(a.size(), materialize(a), materialize(b)));
        set(n, 0, ElementRefs.whole(made, a.size()));
    }

    private void maximum(Graph.Node n, ReduceMaxOp op) {
        constantBeyondFirst(n, " (the axes)");
        int groups = run.value(n.outputs()[0]).size();
        set(n, 0, MaxNodes.add(u, refs[n.inputs()[0]], op.destinations(inputs(n)), groups, this::materialize));
    }

    private void softmax(Graph.Node n, SoftmaxOp op) { // LogSoftmax is refused
        set(n, 0, SoftmaxNodes.add(u, refs[n.inputs()[0]], op.groupsOf(run.value(n.inputs()[0]).shape()), this::materialize));
    }

    private void moves(Graph.Node n) {
        constantBeyondFirst(n, " (a shape, index or axis)");
        Tensor[] in = inputs(n);
        in[0] = new Tensor(in[0].shape(), indices(in[0].size()));
        moved(n, refs[n.inputs()[0]], n.op().forward(in, slot));
    }

    /** The node's inputs at the graph's constants, with zeros in place of the window-dependent ones. */
    private Tensor[] inputs(Graph.Node n) {
        Tensor[] in = new Tensor[n.inputs().length];
        for (int i = 0; i < in.length; i++) {
            int id = n.inputs()[i];
            if (id >= 0) {
                in[i] = refs[id] != null ? Tensor.zeros(run.value(id).shape()) : run.value(id);
            }
        }
        return in;
    }

    private void affine(Graph.Node n) {
        boolean[] variable = new boolean[n.inputs().length];
        ElementRefs[] inputs = new ElementRefs[variable.length];
        for (int i = 0; i < variable.length; i++) {
            variable[i] = variable(n, i);
            inputs[i] = variable[i] ? refs[n.inputs()[i]] : null;
        }
        AffineProbe probe = AffineProbe.of(n.op(), inputs(n), variable, slot, n.name().hashCode(), why -> refuse(n, why));
        for (int o = 0; o < probe.bias().length; o++) {
            if (probe.bias()[o] != null) {
                set(n, o, probe.output(o, inputs, u));
            }
        }
    }

    /** The index of an unrolled node holding exactly these elements in order (an existing one, or a new selection). */
    private int materialize(ElementRefs r) {
        if (r.size() > 0 && r.node()[0] >= 0 && u.nodes().get(r.node()[0]).size() == r.size() && r.wholeAt(0, r.node()[0], r.size())) {
            return r.node()[0];
        }
        return u.add(r.selection(u));
    }
}
