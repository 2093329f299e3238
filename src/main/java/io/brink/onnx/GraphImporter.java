package io.brink.onnx;

import onnx.Onnx;

import io.brink.model.CellType;
import io.brink.model.RecurrentLayer;
import io.brink.model.graph.Graph;
import io.brink.model.graph.Slot;
import io.brink.model.graph.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports an ONNX graph as a {@link Graph} of differentiable ops, node by node through {@link OpRegistry}: constants
 * (initializers, Constant nodes) become tensors, nodes whose inputs are all constant are folded at import, a final
 * Softmax is stripped (Brink works on logits). Every node it cannot import is listed, not just the first.
 *
 * <p>Why this class is long: it owns the import's whole bookkeeping — names to value ids, folding, the input's layout
 * (batch first, time major, batch of one), the recurrent nodes' ONNX attributes and the refusals — which split apart would
 * pass the same maps between classes.
 */
final class GraphImporter {

    private final OnnxGraph g;
    private final int opset;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, Tensor> constants = new LinkedHashMap<>();
    private final List<Graph.Node> nodes = new ArrayList<>();
    private final List<MappingProblem> problems = new ArrayList<>();
    private Layout inputLayout;
    private int next;

    GraphImporter(OnnxGraph g, int opset) {
        this.g = g;
        this.opset = opset;
    }

    /** The default-domain opset a model imports (1 when it names none). */
    static int opset(Onnx.ModelProto proto) {
        for (Onnx.OperatorSetIdProto o : proto.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return (int) o.getVersion();
            }
        }
        return 1;
    }

    int opset() {
        return opset;
    }

    /** A fresh value id. */
    int fresh() {
        return next++;
    }

    /** The value id of a tensor name ("" → −1, absent optional input). */
    int id(String name) {
        if (name.isEmpty()) {
            return -1;
        }
        return ids.computeIfAbsent(name, k -> next++);
    }

    /** A constant value: its id. */
    int constant(Tensor t) {
        int id = fresh();
        constants.put(id, t);
        return id;
    }

    /** The constant tensor of input {@code i} of {@code n}, if it is one (initializer, Constant or folded). */
    Optional<Tensor> constantInput(Onnx.NodeProto n, int i) {
        if (i >= n.getInputCount() || n.getInput(i).isEmpty()) {
            return Optional.empty();
        }
        Integer id = ids.get(n.getInput(i));
        return id == null ? Optional.empty() : Optional.ofNullable(constants.get(id));
    }

    Map<String, Onnx.AttributeProto> attributes(Onnx.NodeProto n) {
        return g.attributes(n);
    }

    /** Adds a node; folds it when every input is a constant. */
    void add(String name, io.brink.model.graph.Op op, int[] inputs, int[] outputs) {
        boolean constant = true;
        for (int id : inputs) {
            constant &= id < 0 || constants.containsKey(id);
        }
        if (constant && !(op instanceof io.brink.model.graph.RecurrentOp)) {
            Tensor[] in = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                in[i] = inputs[i] < 0 ? null : constants.get(inputs[i]);
            }
            Tensor[] out = op.forward(in, new Slot(null));
            for (int j = 0; j < outputs.length; j++) {
                if (outputs[j] >= 0 && j < out.length) {
                    constants.put(outputs[j], out[j]);
                }
            }
            return;
        }
        nodes.add(new Graph.Node(name, op, inputs, outputs));
    }

    /** Records a problem with node n; the import goes on to list every other one. */
    void problem(Onnx.NodeProto n, String why, String fix) {
        problems.add(MappingProblem.of(n, why, fix, true));
    }

    List<MappingProblem> problems() {
        return problems;
    }

    /** The graph, or a refusal listing every node that could not be imported. */
    Graph graph() {
        for (Onnx.TensorProto t : g.graph.getInitializerList()) {
            constants.put(id(t.getName()), tensor(t));
        }
        if (g.graph.getOutputCount() != 1) {
            throw new UnsupportedModelException("the graph has " + g.graph.getOutputCount() + " outputs; Brink needs one, the class scores");
        }
        Onnx.ValueInfoProto inputInfo = g.graphInput();
        int input = id(inputInfo.getName());
        Layout layout = layout(inputInfo);
        this.inputLayout = layout;
        Map<String, Integer> consumers = new HashMap<>();
        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            for (String in : n.getInputList()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        String outputName = g.graph.getOutput(0).getName();
        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            if (n.getOpType().equals("Constant")) {
                Onnx.TensorProto t = g.constants.get(n.getOutput(0));
                if (t == null) {
                    problem(n, "a Constant without a tensor value (value_float, value_ints, … are not read)", null);
                } else {
                    constants.put(id(n.getOutput(0)), tensor(t));
                }
                continue;
            }
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                problem(n, "op domain " + n.getDomain() + " is not the ONNX standard's", null);
                continue;
            }
            if (n.getOutputList().contains(outputName) && (n.getOpType().equals("Softmax"))) {
                // Brink works on logits: the final Softmax is dropped, its input is the output.
                ids.put(outputName, id(n.getInput(0)));
                continue;
            }
            for (int j = 1; j < n.getOutputCount(); j++) {
                if (!n.getOutput(j).isEmpty() && consumers.containsKey(n.getOutput(j)) && !OpRegistry.readsOutput(n.getOpType(), j)) {
                    problem(n, "its output " + j + " (" + n.getOutput(j) + ") is used, and Brink computes only "
                            + OpRegistry.outputsRead(n.getOpType()) + " of " + n.getOpType(), null);
                }
            }
            try {
                OpRegistry.importNode(n, this);
            } catch (IllegalArgumentException e) {
                problem(n, e.getMessage(), null);
            }
        }
        if (!problems.isEmpty()) {
            throw new UnsupportedModelException("cannot import the graph: " + problems.size() + " node"
                    + (problems.size() == 1 ? "" : "s") + " Brink does not support: " + String.join("; ",
                    problems.stream().map(MappingProblem::describe).toList()) + ". " + OpRegistry.SUPPORTED, problems, null);
        }
        int output = id(outputName);
        int classes = classes(g.graph.getOutput(0));
        int features = layout.features;
        try {
            return new Graph(nodes, constants, next, input, output, layout.timeMajor, layout.batchOne, features, classes);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("cannot import the graph: " + e.getMessage());
        }
    }

    /** The classes: the output's static last dimension. */
    private static int classes(Onnx.ValueInfoProto out) {
        List<Onnx.TensorShapeProto.Dimension> dims = out.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 2 || !dims.get(1).hasDimValue() || dims.get(1).getDimValue() < 2) {
            throw new UnsupportedModelException("the graph's output " + out.getName() + " must be the logits [N, classes] with a "
                    + "static number of classes (2 or more); its declared shape is " + describe(dims));
        }
        return (int) dims.get(1).getDimValue();
    }

    private static String describe(List<Onnx.TensorShapeProto.Dimension> dims) {
        List<String> s = new ArrayList<>();
        for (Onnx.TensorShapeProto.Dimension d : dims) {
            s.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam().isEmpty() ? "?" : d.getDimParam());
        }
        return "[" + String.join(", ", s) + "]";
    }

    /** The input's layout, as {@link #graph} read it (null before). */
    Layout inputLayout() {
        return inputLayout;
    }

    /** Where the batch and time axes of the windows lie, and the static sizes. */
    record Layout(boolean timeMajor, boolean batchOne, int features, Optional<Integer> steps) {
    }

    /**
     * The input's layout: [N, T, d] unless the export says time major — the batch dimension dynamic and the time one
     * fixed in the other order, or the input read directly as X by a layout-0 recurrent node (whose X is [T, N, d]).
     */
    private Layout layout(Onnx.ValueInfoProto input) {
        List<Onnx.TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 3) {
            throw new UnsupportedModelException("the graph input " + input.getName() + " has shape " + describe(dims)
                    + "; Brink feeds windows [N, T, d] (or time major [T, N, d])");
        }
        if (!dims.get(2).hasDimValue() || dims.get(2).getDimValue() < 1) {
            throw new UnsupportedModelException("the graph input " + input.getName() + " has shape " + describe(dims)
                    + ": its feature dimension must be static");
        }
        int features = (int) dims.get(2).getDimValue();
        boolean s0 = dims.get(0).hasDimValue();
        boolean s1 = dims.get(1).hasDimValue();
        boolean readByLayout0 = false;
        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            if (List.of("LSTM", "GRU", "RNN").contains(n.getOpType()) && n.getInput(0).equals(input.getName())) {
                Onnx.AttributeProto l = g.attributes(n).get("layout");
                readByLayout0 = l == null || l.getI() == 0;
            }
        }
        boolean timeMajor = readByLayout0 || (s0 && !s1 && dims.get(0).getDimValue() != 1);
        int batchAxis = timeMajor ? 1 : 0;
        Onnx.TensorShapeProto.Dimension batch = dims.get(batchAxis);
        Onnx.TensorShapeProto.Dimension time = dims.get(1 - batchAxis);
        boolean batchOne = batch.hasDimValue() && batch.getDimValue() == 1;
        if (batch.hasDimValue() && batch.getDimValue() != 1) {
            throw new UnsupportedModelException("the graph input " + input.getName() + " " + describe(dims) + " fixes the batch at "
                    + batch.getDimValue() + "; export it with a dynamic batch axis (or a batch of 1)");
        }
        Optional<Integer> steps = time.hasDimValue() && time.getDimValue() > 0 ? Optional.of((int) time.getDimValue()) : Optional.empty();
        return new Layout(timeMajor, batchOne, features, steps);
    }

    static Tensor tensor(Onnx.TensorProto t) {
        long[] d = OnnxTensors.dims(t);
        int[] shape = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            shape[i] = (int) d[i];
        }
        return new Tensor(shape, OnnxTensors.values(t));
    }

    /** The indexed ONNX graph being imported. */
    OnnxGraph onnx() {
        return g;
    }
}
