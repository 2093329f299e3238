package io.brink.onnx;

import onnx.Onnx;

import java.util.Optional;

/**
 * One node of an ONNX graph that Brink cannot map: the node's name and op, why, and — where one is known — what to
 * change on the exporting side (PyTorch) so that it maps.
 *
 * @param node the node's name (its outputs when it has none), or empty for the graph as a whole
 * @param op the node's op type, or empty for the graph as a whole
 * @param rootCause true when the node's own attributes or op type are the problem (listed first); false for a refusal
 *                  that follows from where the node sits in the graph, which often goes away with a root cause
 */
public record MappingProblem(String node, String op, String reason, Optional<String> fix, boolean rootCause) {

    /** A problem of {@code node} (null: the graph as a whole). */
    static MappingProblem of(Onnx.NodeProto node, String reason, String fix, boolean rootCause) {
        String name = node == null ? "" : node.getName().isEmpty() ? String.join(",", node.getOutputList()) : node.getName();
        return new MappingProblem(name, node == null ? "" : node.getOpType(), reason, Optional.ofNullable(fix), rootCause);
    }

    /** One line: "node 'n' (op Op): reason (fix: …)". */
    public String describe() {
        String where = node.isEmpty() ? "the graph" : "node '" + node + "' (op " + op + ")";
        return where + ": " + reason + fix.map(f -> " (fix: " + f + ")").orElse("");
    }
}
