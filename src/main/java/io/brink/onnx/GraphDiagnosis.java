package io.brink.onnx;

import onnx.Onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every node of a graph that Brink cannot map, root causes first: the recurrent layers' own attributes and inputs
 * (direction, activations, initial states, …), then nodes whose op Brink does not map at all, then the refusal of the
 * walk from the output (which often names a node downstream of a root cause, e.g. the Concat that reads a bidirectional
 * layer). Runs only when mapping failed, so that one export-and-check round shows the user everything to change.
 */
final class GraphDiagnosis {

    /** Ops the mapper reads somewhere: the recurrent layers, the head and shape plumbing. */
    private static boolean mapped(String op) {
        return GraphMapper.RECURRENT.contains(op) || GraphMapper.HEAD.contains(op) || GraphMapper.PLUMBING.contains(op);
    }
    /** What to change in PyTorch for ops Brink does not map, where a change is known. */
    private static final Map<String, String> FIXES = Map.ofEntries(
            Map.entry("ReduceMean", "pooling over time is not mapped: read the last step, out[:, -1, :] (or h_n[-1])"),
            Map.entry("ReduceSum", "pooling over time is not mapped: read the last step, out[:, -1, :] (or h_n[-1])"),
            Map.entry("ReduceMax", "pooling over time is not mapped: read the last step, out[:, -1, :] (or h_n[-1])"),
            Map.entry("GlobalAveragePool", "pooling over time is not mapped: read the last step, out[:, -1, :]"),
            Map.entry("Dropout", "export in eval mode: model.eval() before torch.onnx.export"),
            Map.entry("LayerNormalization", "normalization layers are not mapped; normalize the inputs with the card's mean/std"),
            Map.entry("BatchNormalization", "normalization layers are not mapped; normalize the inputs with the card's mean/std"),
            Map.entry("Conv", "convolutional front ends are not mapped: feed the recurrent layer the raw features"),
            Map.entry("Sigmoid", "between dense layers Brink maps ReLU or Tanh"),
            Map.entry("LeakyRelu", "between dense layers Brink maps ReLU or Tanh"),
            Map.entry("Elu", "between dense layers Brink maps ReLU or Tanh"),
            Map.entry("Gelu", "between dense layers Brink maps ReLU or Tanh"));

    private GraphDiagnosis() {
    }

    /** All problems of {@code g}, given the refusal {@code walk} that mapping it ended with. */
    static List<MappingProblem> problems(OnnxGraph g, LayerMapper layers, UnsupportedModelException walk) {
        List<MappingProblem> out = new ArrayList<>();
        String input;
        try {
            input = g.graphInput().getName();
        } catch (UnsupportedModelException e) {
            input = null;
        }
        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            if (GraphMapper.RECURRENT.contains(n.getOpType())) {
                boolean[] transposed = new boolean[1];
                boolean readsInput = g.traceThrough(n.getInput(0), transposed).equals(input);
                out.addAll(layers.recurrentProblems(n, readsInput && !transposed[0]));
            }
        }
        for (Onnx.NodeProto n : g.graph.getNodeList()) {
            if (!mapped(n.getOpType())) {
                out.add(MappingProblem.of(n, "op " + n.getOpType() + " is not part of a model Brink can map", FIXES.get(n.getOpType()),
                        true));
            }
        }
        List<MappingProblem> fromWalk = walk.problems().isEmpty()
                ? List.of(new MappingProblem("", "", stripSupported(walk.getMessage()), java.util.Optional.empty(), false))
                : walk.problems();
        for (MappingProblem p : fromWalk) {
            boolean known = out.stream().anyMatch(q -> q.node().equals(p.node()) && !p.node().isEmpty());
            if (!known) {
                out.add(new MappingProblem(p.node(), p.op(), p.reason(), p.fix(), p.rootCause() && out.isEmpty()));
            }
        }
        return out;
    }

    /** The refusal for all of {@code problems}: one line listing each, root causes first. */
    static UnsupportedModelException refusal(List<MappingProblem> problems, Throwable cause) {
        if (problems.size() == 1) {
            MappingProblem p = problems.get(0);
            return new UnsupportedModelException((p.node().isEmpty() ? "cannot map the graph: " + p.reason() + p.fix().map(f -> " (fix: "
                    + f + ")").orElse("") : "cannot map " + p.describe()) + ". " + OnnxGraph.SUPPORTED, problems, cause);
        }
        StringBuilder b = new StringBuilder("cannot map " + problems.size() + " nodes (root causes first): ");
        for (int i = 0; i < problems.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(i + 1).append(") ").append(problems.get(i).describe());
        }
        return new UnsupportedModelException(b.append(". ").append(OnnxGraph.SUPPORTED).toString(), problems, cause);
    }

    private static String stripSupported(String message) {
        int at = message.indexOf(OnnxGraph.SUPPORTED);
        String s = at < 0 ? message : message.substring(0, at);
        return s.strip().replaceFirst("\\.$", "");
    }
}
