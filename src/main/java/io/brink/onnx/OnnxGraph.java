package io.brink.onnx;

import onnx.Onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph indexed for mapping: which node produces each tensor, the constant tensors (initializers and
 * Constant nodes), and the questions the mappers ask of them. Refusals name the node, its op and what Brink maps.
 */
final class OnnxGraph {

    static final String SUPPORTED = "Brink maps: 1-3 forward LSTM, GRU (linear_before_reset=1) or RNN (tanh) nodes with zero "
            + "initial state on a batch-first input, the last time step, then Gemm / MatMul+Add layers with Relu or Tanh "
            + "between them and an optional final Softmax, plus shape plumbing (Shape, Gather, Slice, Squeeze, Unsqueeze, "
            + "Reshape, Transpose, Concat, ConstantOfShape, Constant, Cast, Identity, Expand)";
    static final Set<String> PASS_THROUGH = Set.of("Squeeze", "Unsqueeze", "Reshape", "Transpose", "Identity", "Flatten");
    /** Nodes a graph may have at most: a 3-layer RNN classifier's export has a few dozen. */
    static final int MAX_NODES = 10_000;
    /** Inputs an op needs at least, for the ops Brink reads; any other node needs at least one input, Constant none. */
    private static final Map<String, Integer> MIN_INPUTS = Map.of("Gemm", 2, "MatMul", 2, "Add", 2, "Gather", 2, "Slice", 2,
            "LSTM", 3, "GRU", 3, "RNN", 3, "Constant", 0);

    final Onnx.GraphProto graph;
    final Map<String, Onnx.NodeProto> producers = new HashMap<>();
    final Map<String, Onnx.TensorProto> constants = new HashMap<>();

    /** Indexes {@code graph}, refusing one that is too large or whose nodes lack the inputs and outputs their op needs. */
    OnnxGraph(Onnx.GraphProto graph) {
        this.graph = graph;
        if (graph.getNodeCount() > MAX_NODES || graph.getInitializerCount() > MAX_NODES) {
            throw new UnsupportedModelException("the graph has " + graph.getNodeCount() + " nodes and " + graph.getInitializerCount()
                    + " initializers; Brink reads at most " + MAX_NODES + " of each");
        }
        if (graph.getOutputCount() == 0) {
            throw new UnsupportedModelException("the graph has no output");
        }
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            OnnxTensors.checkShape(t);
            constants.put(t.getName(), t);
        }
        for (Onnx.NodeProto n : graph.getNodeList()) {
            int needed = MIN_INPUTS.getOrDefault(n.getOpType(), 1);
            if (n.getInputCount() < needed || n.getOutputCount() < 1) {
                throw refuse(n, "it has " + n.getInputCount() + " inputs and " + n.getOutputCount() + " outputs; the op needs at least "
                        + needed + " and 1: the file is damaged or not an export Brink reads");
            }
            for (Onnx.AttributeProto a : n.getAttributeList()) {
                if (a.hasG() || a.getGraphsCount() > 0) {
                    throw refuse(n, "it holds a subgraph (control flow), which Brink does not map");
                }
            }
            for (String out : n.getOutputList()) {
                producers.put(out, n);
            }
            if (n.getOpType().equals("Constant")) {
                for (Onnx.AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value")) {
                        OnnxTensors.checkShape(a.getT());
                        constants.put(n.getOutput(0), a.getT());
                    }
                }
            }
        }
    }

    /** The input's static dimensions [N, T, d] (batch first), as far as the export fixed them. */
    InputShape inputShape() {
        Onnx.ValueInfoProto input = graphInput();
        List<Onnx.TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 3) {
            return new InputShape(input.getName(), java.util.Optional.empty(), java.util.Optional.empty());
        }
        return new InputShape(input.getName(), fixed(dims.get(1)), fixed(dims.get(2)));
    }

    private static java.util.Optional<Integer> fixed(Onnx.TensorShapeProto.Dimension d) {
        return d.hasDimValue() && d.getDimValue() > 0 && d.getDimValue() <= Integer.MAX_VALUE
                ? java.util.Optional.of((int) d.getDimValue()) : java.util.Optional.empty();
    }

    Onnx.ValueInfoProto graphInput() {
        List<Onnx.ValueInfoProto> inputs = new ArrayList<>();
        for (Onnx.ValueInfoProto v : graph.getInputList()) {
            if (!constants.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            throw new UnsupportedModelException("the graph has " + inputs.size() + " inputs; Brink needs exactly one, the windows [N, T, d]");
        }
        return inputs.get(0);
    }

    static UnsupportedModelException refuse(Onnx.NodeProto node, String why) {
        return refuse(node, why, null, false);
    }

    /** A refusal of one node, with what to change on the exporting side when that is known. */
    static UnsupportedModelException refuse(Onnx.NodeProto node, String why, String fix, boolean rootCause) {
        MappingProblem p = MappingProblem.of(node, why, fix, rootCause);
        String text = node == null ? "cannot map the graph: " + why + p.fix().map(f -> " (fix: " + f + ")").orElse("")
                : "cannot map " + p.describe();
        return new UnsupportedModelException(text + ". " + SUPPORTED, List.of(p), null);
    }


    /** Follows pass-through ops back from a tensor name; records whether a Transpose was crossed. */
    String traceThrough(String name, boolean[] sawTranspose) {
        String cur = name;
        Onnx.NodeProto p = producers.get(cur);
        while (p != null && PASS_THROUGH.contains(p.getOpType())) {
            if (p.getOpType().equals("Transpose")) {
                sawTranspose[0] = true;
            }
            cur = p.getInput(0);
            p = producers.get(cur);
        }
        return cur;
    }

    Map<String, Onnx.AttributeProto> attributes(Onnx.NodeProto n) {
        Map<String, Onnx.AttributeProto> m = new HashMap<>();
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            m.put(a.getName(), a);
        }
        return m;
    }

    Onnx.TensorProto constant(Onnx.NodeProto node, int input, String what) {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            return null;
        }
        Onnx.TensorProto t = constants.get(node.getInput(input));
        if (t == null) {
            throw refuse(node, what + " must be a constant initializer");
        }
        return t;
    }

    boolean isZero(String name) {
        if (name.isEmpty()) {
            return true;
        }
        Onnx.TensorProto t = constants.get(name);
        if (t != null) {
            for (double v : OnnxTensors.values(t)) {
                if (v != 0) {
                    return false;
                }
            }
            return true;
        }
        Onnx.NodeProto p = producers.get(name);
        if (p == null) {
            return false;
        }
        return switch (p.getOpType()) {
            case "ConstantOfShape" -> {
                Onnx.AttributeProto v = attributes(p).get("value");
                yield v == null || isAllZero(OnnxTensors.values(v.getT()));
            }
            case "Slice", "Squeeze", "Unsqueeze", "Reshape", "Expand", "Identity", "Cast", "Transpose" -> isZero(p.getInput(0));
            default -> false;
        };
    }

    static boolean isAllZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
