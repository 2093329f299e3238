package io.brink.onnx;

import io.brink.model.Activation;
import io.brink.model.DenseLayer;
import io.brink.model.RecurrentLayer;
import io.brink.model.SequenceClassifier;
import onnx.Onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static io.brink.onnx.OnnxGraph.refuse;

/**
 * Maps a whole graph to a {@link SequenceClassifier}: walks back from the output through an optional Softmax,
 * the dense head and its activations, checks that the head reads the last time step of the top recurrent layer,
 * follows the recurrent chain to the graph input, and refuses any node left unmapped that is not shape plumbing.
 */
final class GraphMapper {

    static final Set<String> PLUMBING = Set.of("Shape", "Constant", "Gather", "Unsqueeze", "Squeeze", "Concat",
            "ConstantOfShape", "Slice", "Transpose", "Reshape", "Identity", "Cast", "Expand", "Flatten");
    static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "RNN");
    /** Ops the walk from the output maps into the dense head (with the final Softmax it drops). */
    static final Set<String> HEAD = Set.of("Gemm", "MatMul", "Add", "Relu", "Tanh", "Softmax", "LogSoftmax");

    private final OnnxGraph g;
    private final LayerMapper layers;
    private final Set<Onnx.NodeProto> mapped = Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    GraphMapper(OnnxGraph graph) {
        this.g = graph;
        this.layers = new LayerMapper(graph);
    }

    /**
     * The classifier the graph computes, or a refusal listing every node that cannot be mapped, root causes first
     * ({@link GraphDiagnosis}).
     */
    /**
     * The fixed-shape classifier of the graph when it is one (recurrent layers, last step, dense head: the fused path,
     * also on the GPU); empty when it is not, for the graph importer to take.
     */
    static java.util.Optional<SequenceClassifier> tryMap(OnnxGraph g) {
        try {
            return java.util.Optional.of(new GraphMapper(g).classifier());
        } catch (UnsupportedModelException e) {
            return java.util.Optional.empty();
        }
    }

    SequenceClassifier classifier() {
        try {
            return walk();
        } catch (UnsupportedModelException e) {
            List<MappingProblem> all = GraphDiagnosis.problems(g, layers, e);
            if (all.size() == 1 && !e.problems().isEmpty() && all.get(0).equals(e.problems().get(0))) {
                throw e;
            }
            throw GraphDiagnosis.refusal(all, e);
        }
    }

    /** The classifier, or a refusal at the first node, walking back from the output, that cannot be mapped. */
    private SequenceClassifier walk() {
        if (g.graph.getOutputCount() != 1) {
            throw new UnsupportedModelException("the graph has " + g.graph.getOutputCount() + " outputs; Brink needs one, the class scores");
        }
        String inputName = g.graphInput().getName();
        List<Onnx.NodeProto> recurrentNodes = new ArrayList<>();
        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            if (RECURRENT.contains(n.getOpType())) {
                recurrentNodes.add(n);
            }
        }
        if (recurrentNodes.isEmpty()) {
            throw new UnsupportedModelException("the graph has no LSTM, GRU or RNN node. " + OnnxGraph.SUPPORTED);
        }
        if (recurrentNodes.size() > SequenceClassifier.MAX_RECURRENT_LAYERS) {
            throw new UnsupportedModelException("the graph has " + recurrentNodes.size() + " recurrent nodes; Brink supports 1 to "
                    + SequenceClassifier.MAX_RECURRENT_LAYERS);
        }

        // Head: walk back from the output through Softmax, activations and dense layers.
        String cur = g.graph.getOutput(0).getName();
        Onnx.NodeProto node = g.producers.get(cur);
        if (node != null && (node.getOpType().equals("Softmax") || node.getOpType().equals("LogSoftmax"))) {
            mapped.add(node);
            cur = node.getInput(0);
            node = g.producers.get(cur);
        }
        List<DenseLayer> head = new ArrayList<>();
        Activation pending = Activation.IDENTITY;
        boolean pendingSet = false;
        while (node != null) {
            String op = node.getOpType();
            if (op.equals("Relu") || op.equals("Tanh")) {
                if (pendingSet) {
                    throw refuse(node, "two activations in a row");
                }
                pending = op.equals("Relu") ? Activation.RELU : Activation.TANH;
                pendingSet = true;
                mapped.add(node);
                cur = node.getInput(0);
            } else if (op.equals("Gemm")) {
                head.add(0, layers.gemmLayer(node, pending));
                pending = Activation.IDENTITY;
                pendingSet = false;
                mapped.add(node);
                cur = node.getInput(0);
            } else if (op.equals("Add") || op.equals("MatMul")) {
                Onnx.NodeProto matmul = node;
                double[] bias = null;
                if (op.equals("Add")) {
                    int constIdx = g.constants.containsKey(node.getInput(1)) ? 1 : g.constants.containsKey(node.getInput(0)) ? 0 : -1;
                    matmul = constIdx < 0 ? null : g.producers.get(node.getInput(1 - constIdx));
                    if (matmul == null || !matmul.getOpType().equals("MatMul")) {
                        break;
                    }
                    bias = OnnxTensors.values(g.constants.get(node.getInput(constIdx)));
                    mapped.add(node);
                }
                head.add(0, layers.matmulLayer(matmul, bias, pending));
                pending = Activation.IDENTITY;
                pendingSet = false;
                mapped.add(matmul);
                cur = matmul.getInput(0);
            } else {
                break;
            }
            node = g.producers.get(cur);
        }
        if (head.isEmpty()) {
            throw new UnsupportedModelException("no dense layer (Gemm or MatMul) found before the graph output. " + OnnxGraph.SUPPORTED);
        }
        if (pendingSet) {
            throw refuse(g.producers.get(cur) == null ? node : g.producers.get(cur),
                    "an activation applied directly to the recurrent output is not supported");
        }

        // Feature: the last time step of the top recurrent layer.
        Onnx.NodeProto top = recurrentNodes.get(recurrentNodes.size() - 1);
        traceLastStep(cur, top, recurrentNodes);

        // Recurrent chain.
        List<RecurrentLayer> recurrentLayers = new ArrayList<>();
        String expected = inputName;
        boolean transposed = false;
        for (Onnx.NodeProto rn : recurrentNodes) {
            boolean[] sawTranspose = new boolean[1];
            String source = g.traceThrough(rn.getInput(0), sawTranspose);
            if (!source.equals(expected)) {
                throw refuse(rn, "its input does not come from " + (recurrentLayers.isEmpty() ? "the graph input" : "the previous recurrent layer"));
            }
            if (recurrentLayers.isEmpty()) {
                transposed = sawTranspose[0];
            }
            recurrentLayers.add(layers.recurrentLayer(rn, recurrentLayers.isEmpty() && !transposed));
            mapped.add(rn);
            expected = rn.getOutput(0);
        }

        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            if (!mapped.contains(n) && !PLUMBING.contains(n.getOpType())) {
                throw refuse(n, "this op is not part of a model Brink can map");
            }
        }
        try {
            return new SequenceClassifier(recurrentLayers, head);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("the ONNX graph does not form a valid classifier: " + e.getMessage(), e);
        }
    }

    private void traceLastStep(String feature, Onnx.NodeProto top, List<Onnx.NodeProto> recurrent) {
        String cur = feature;
        boolean selectedLast = false;
        while (true) {
            Onnx.NodeProto p = g.producers.get(cur);
            if (p == null) {
                throw new UnsupportedModelException("the first dense layer does not read a recurrent layer's output. " + OnnxGraph.SUPPORTED);
            }
            String op = p.getOpType();
            if (RECURRENT.contains(op)) {
                int idx = p.getOutputList().indexOf(cur);
                if (p != top) {
                    throw refuse(p, "the head must read the top recurrent layer");
                }
                if (idx == 1 || (idx == 0 && selectedLast)) {
                    return;
                }
                throw refuse(p, "the head must read the last time step (Y at index -1, or Y_h)");
            }
            switch (op) {
                case "Gather" -> {
                    double[] idx = g.constants.containsKey(p.getInput(1)) ? OnnxTensors.values(g.constants.get(p.getInput(1))) : null;
                    if (idx == null || idx.length != 1 || idx[0] != -1) {
                        throw refuse(p, "the head must select the last time step with index -1");
                    }
                    selectedLast = true;
                    cur = p.getInput(0);
                }
                case "Slice" -> {
                    double[] starts = g.constants.containsKey(p.getInput(1)) ? OnnxTensors.values(g.constants.get(p.getInput(1))) : null;
                    if (starts == null || starts.length != 1 || starts[0] != -1) {
                        throw refuse(p, "the head must slice the last time step ([-1:])");
                    }
                    selectedLast = true;
                    cur = p.getInput(0);
                }
                case "Concat" -> {
                    // torch stacks the final hidden states of all layers; with index -1 this is the top layer's.
                    for (String in : p.getInputList()) {
                        Onnx.NodeProto q = g.producers.get(in);
                        if (q == null || !recurrent.contains(q) || q.getOutputList().indexOf(in) != 1) {
                            throw refuse(p, "only a stack of the layers' final hidden states can be concatenated");
                        }
                    }
                    if (!selectedLast) {
                        throw refuse(p, "the head must take the last layer's final hidden state");
                    }
                    cur = p.getInput(p.getInputCount() - 1);
                    selectedLast = false;
                    Onnx.NodeProto q = g.producers.get(cur);
                    if (q != top) {
                        throw refuse(p, "the last stacked hidden state must be the top layer's");
                    }
                }
                default -> {
                    if (!OnnxGraph.PASS_THROUGH.contains(op)) {
                        throw refuse(p, "unexpected op between the recurrent layers and the head");
                    }
                    cur = p.getInput(0);
                }
            }
        }
    }
}
