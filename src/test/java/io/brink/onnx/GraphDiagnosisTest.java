package io.brink.onnx;

import onnx.Onnx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model Brink cannot map is refused with every node it cannot map, root causes first. */
public class GraphDiagnosisTest {

    /**
     * lstm1_linear made into what users write: a bidirectional LSTM, mean pooling over time (ReduceMean) and a LayerNorm
     * before the head, all three in the path from the input to the logits.
     */
    public static Onnx.ModelProto threeUnmappable() throws Exception {
        Onnx.ModelProto m = OnnxRefusalTest.withNode(OnnxRefusalTest.golden("lstm1_linear"), "LSTM", n -> n.toBuilder().addAttribute(
                Onnx.AttributeProto.newBuilder().setName("direction").setType(Onnx.AttributeProto.AttributeType.STRING)
                        .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8("bidirectional"))).build());
        return beforeHead(m, "pool", "ReduceMean", "norm");
    }

    /**
     * {@code m} with two nodes between its last recurrent output and the head's first product: a node {@code firstName} of
     * op {@code firstOp} reading the head's input, then a LayerNormalization {@code normName} whose scale is that node's
     * output (not a constant).
     */
    public static Onnx.ModelProto beforeHead(Onnx.ModelProto m, String firstName, String firstOp, String normName) {
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        int head = -1;
        for (int i = 0; i < g.getNodeCount(); i++) {
            String op = g.getNode(i).getOpType();
            if (op.equals("Gemm") || op.equals("MatMul")) {
                head = i;
                break;
            }
        }
        Onnx.NodeProto gemm = g.getNode(head);
        String feature = gemm.getInput(0);
        g.addNode(head, Onnx.NodeProto.newBuilder().setName(firstName).setOpType(firstOp).addInput(feature).addOutput("first").build());
        g.addNode(head + 1, Onnx.NodeProto.newBuilder().setName(normName).setOpType("LayerNormalization").addInput("first")
                .addInput("first").addOutput("normed").build());
        g.setNode(head + 2, gemm.toBuilder().setInput(0, "normed").build());
        return m.toBuilder().setGraph(g).build();
    }

    @Test
    void everyUnmappableNodeIsListedRootCauseFirst() throws Exception {
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.classifier(threeUnmappable()));
        List<MappingProblem> p = e.problems();
        assertTrue(p.size() >= 3, e.getMessage());
        assertEquals("LSTM", p.get(0).op(), "the layer's own attribute comes first: " + e.getMessage());
        assertTrue(p.get(0).reason().contains("direction=bidirectional"), p.get(0).toString());
        assertTrue(p.get(0).fix().orElseThrow().contains("bidirectional=False"), p.get(0).toString());
        assertEquals("ReduceMean", p.get(1).op());
        assertTrue(p.get(1).fix().orElseThrow().contains("out[:, -1, :]"), p.get(1).toString());
        assertEquals("LayerNormalization", p.get(2).op());
        assertTrue(p.subList(0, 3).stream().allMatch(MappingProblem::rootCause));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("cannot map " + p.size() + " nodes (root causes first): 1) node '"), e.getMessage());
    }

    @Test
    void aBidirectionalLayerReadThroughConcatNamesTheDirectionFirst() throws Exception {
        // The walk from the output stops at whatever reads the layer; the diagnosis puts the layer's own attribute first.
        Onnx.ModelProto m = OnnxRefusalTest.withNode(OnnxRefusalTest.golden("lstm2_relu"), "LSTM", n -> n.toBuilder().addAttribute(
                Onnx.AttributeProto.newBuilder().setName("direction").setType(Onnx.AttributeProto.AttributeType.STRING)
                        .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8("bidirectional"))).build());
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.classifier(m));
        assertTrue(e.problems().get(0).reason().contains("direction=bidirectional"), e.getMessage());
    }
}
