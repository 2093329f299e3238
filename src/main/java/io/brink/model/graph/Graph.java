package io.brink.model.graph;

import io.brink.model.Network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model as a graph of differentiable {@link Op}s over batched tensors, in topological order: one input (the windows,
 * batch first [N, T, d] or time major [T, N, d]), constants (weights and shapes, folded at import), one output (the
 * decision logits [N, classes]). Which values depend on the window ("variable") is settled here: derivatives flow only
 * through them, and a graph whose shapes, indices or weights depend on the window is refused.
 *
 * @param nodes     the ops in topological order
 * @param constants value id → tensor
 * @param values    number of value ids
 * @param input     the windows' value id
 * @param output    the logits' value id
 * @param timeMajor whether the input is [T, N, d] (else [N, T, d])
 * @param batchOne  whether the graph was exported for batches of exactly one window (then evaluated window by window)
 * @param features  d
 * @param classes   logits per window
 */
public record Graph(List<Node> nodes, Map<Integer, Tensor> constants, int values, int input, int output, boolean timeMajor,
                    boolean batchOne, int features, int classes) implements Network {

    /** One op and the value ids it reads (−1: an absent optional input) and writes. */
    public record Node(String name, Op op, int[] inputs, int[] outputs) {
        public Node {
            Objects.requireNonNull(op, "op");
            inputs = inputs.clone();
            outputs = outputs.clone();
        }
    }

    public Graph {
        nodes = List.copyOf(nodes);
        constants = Map.copyOf(constants);
        if (features < 1 || classes < 2) {
            throw new IllegalArgumentException("a graph classifier takes at least 1 feature and gives at least 2 classes, got "
                    + features + " and " + classes);
        }
        variable(nodes, values, input, constants);
    }

    /** Per value, whether it depends on the window; refuses a non-differentiable input (shape, index, weight) that does. */
    static boolean[] variable(List<Node> nodes, int values, int input, Map<Integer, Tensor> constants) {
        boolean[] v = new boolean[values];
        v[input] = true;
        for (Node n : nodes) {
            boolean any = false;
            for (int i = 0; i < n.inputs.length; i++) {
                int id = n.inputs[i];
                if (id < 0 || !v[id]) {
                    continue;
                }
                if (!n.op.differentiable(i) && !n.op.readsValues(i)) {
                    continue;
                }
                if (!n.op.differentiable(i)) {
                    throw new IllegalArgumentException("node " + n.name + " (" + n.op.type() + "): its input " + i
                            + " depends on the window, and " + n.op.type() + " is not differentiated in it");
                }
                any = true;
            }
            for (int o : n.outputs) {
                if (o >= 0) {
                    v[o] = any;
                }
            }
        }
        return v;
    }

    /** Per value, whether it depends on the window. */
    public boolean[] variable() {
        return variable(nodes, values, input, constants);
    }

    @Override
    public int inputSize() {
        return features;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    /** The recurrent ops, in order. */
    public List<RecurrentOp> recurrentOps() {
        return nodes.stream().map(Node::op).filter(RecurrentOp.class::isInstance).map(RecurrentOp.class::cast).toList();
    }

    /** Every recurrent op, fused or unrolled, in order: the positions MC dropout may drop. */
    public List<RecurrentNode> recurrentNodes() {
        return nodes.stream().map(Node::op).filter(RecurrentNode.class::isInstance).map(RecurrentNode.class::cast).toList();
    }

    @Override
    public int recurrentLayers() {
        return recurrentNodes().size();
    }

    /** Short description: "graph(1→3): Transpose, LSTM ×2, ReduceMean, MatMul, Add (11 ops)". */
    @Override
    public String describe() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Node n : nodes) {
            counts.merge(n.op.type(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((t, c) -> parts.add(c == 1 ? t : t + " ×" + c));
        return "graph(" + features + "→" + classes + "): " + String.join(", ", parts) + " (" + nodes.size() + " ops)";
    }

    /** The op types, each once, in order of first use. */
    public List<String> opTypes() {
        return nodes.stream().map(n -> n.op.type()).distinct().toList();
    }

    @Override
    public String toString() {
        return describe() + " " + Arrays.toString(new int[] {input, output});
    }
}
