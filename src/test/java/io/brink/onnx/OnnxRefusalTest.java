package io.brink.onnx;

import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graphs Brink cannot map are refused with a message that names the node, the op and what is supported. */
public class OnnxRefusalTest {

    public static Onnx.ModelProto golden(String name) throws Exception {
        return Onnx.ModelProto.parseFrom(Files.readAllBytes(OnnxParityTest.GOLDEN.resolve(name + ".onnx")));
    }

    public static Onnx.ModelProto withNode(Onnx.ModelProto m, String op, java.util.function.UnaryOperator<Onnx.NodeProto> edit) {
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            if (g.getNode(i).getOpType().equals(op)) {
                g.setNode(i, edit.apply(g.getNode(i)));
                break;
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    @Test
    void bidirectionalLayersAreRefused() throws Exception {
        Onnx.ModelProto m = withNode(golden("lstm1_linear"), "LSTM", n -> n.toBuilder().addAttribute(
                Onnx.AttributeProto.newBuilder().setName("direction").setType(Onnx.AttributeProto.AttributeType.STRING)
                        .setS(org.nd4j.shade.protobuf.ByteString.copyFromUtf8("bidirectional"))).build());
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.classifier(m));
        assertTrue(e.getMessage().contains("op LSTM") && e.getMessage().contains("bidirectional"), e.getMessage());
        assertTrue(e.getMessage().contains("Brink maps"), e.getMessage());
    }

    @Test
    void unknownOpsAreRefusedByName() throws Exception {
        Onnx.ModelProto base = golden("rnn1_linear");
        Onnx.GraphProto.Builder g = base.getGraph().toBuilder();
        // Insert a Mul that scales the input before the transpose.
        g.addNode(0, Onnx.NodeProto.newBuilder().setName("scale_input").setOpType("Mul").addInput("x").addInput("x").addOutput("x_scaled"));
        for (int i = 0; i < g.getNodeCount(); i++) {
            Onnx.NodeProto n = g.getNode(i);
            if (n.getOpType().equals("Transpose") && n.getInput(0).equals("x")) {
                g.setNode(i, n.toBuilder().setInput(0, "x_scaled").build());
            }
        }
        Onnx.ModelProto m = base.toBuilder().setGraph(g).build();
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.classifier(m));
        assertTrue(e.getMessage().contains("does not come from the graph input") || e.getMessage().contains("'scale_input' (op Mul)"),
                e.getMessage());
    }

    @Test
    void nonZeroInitialStateIsRefused() throws Exception {
        Onnx.ModelProto base = golden("gru1_tanh");
        Onnx.GraphProto.Builder g = base.getGraph().toBuilder();
        g.addInitializer(Onnx.TensorProto.newBuilder().setName("h0").setDataType(1).addDims(1).addDims(1).addDims(6)
                .addAllFloatData(java.util.Collections.nCopies(6, 0.5f)));
        for (int i = 0; i < g.getNodeCount(); i++) {
            Onnx.NodeProto n = g.getNode(i);
            if (n.getOpType().equals("GRU")) {
                g.setNode(i, n.toBuilder().setInput(5, "h0").build());
            }
        }
        Onnx.ModelProto m = base.toBuilder().setGraph(g).build();
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.classifier(m));
        assertTrue(e.getMessage().contains("initial hidden state must be zero"), e.getMessage());
    }

    @Test
    void corruptFilesGiveAClearError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("broken.onnx");
        Files.writeString(bad, "this is not a protobuf");
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(bad));
        assertTrue(e.getMessage().contains("broken.onnx"), e.getMessage());
        UnsupportedModelException missing = assertThrows(UnsupportedModelException.class,
                () -> OnnxModelLoader.load(dir.resolve("missing.onnx")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
    }
}
