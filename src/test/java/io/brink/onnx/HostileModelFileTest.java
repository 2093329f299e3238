package io.brink.onnx;

import io.brink.model.LoadedModel;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Model files damaged every way a disk, a download or a hand can damage them: truncated at many lengths, with
 * random bytes flipped, with a graph that lies about its tensors. Each one either loads (a flip in a field Brink
 * does not read) or is refused with an UnsupportedModelException that says what is wrong; never another exception.
 */
class HostileModelFileTest {

    static List<Path> goldenModels() throws Exception {
        try (Stream<Path> s = Files.list(OnnxParityTest.GOLDEN)) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
        }
    }

    /** Loads {@code bytes} as a model file; returns whether it loaded; fails the test on any exception but a refusal. */
    static boolean loads(Path dir, byte[] bytes, String what) throws Exception {
        Path f = dir.resolve("m.onnx");
        Files.write(f, bytes);
        try {
            LoadedModel m = OnnxModelLoader.load(f);
            assertTrue(m.classifier().numClasses() >= 2);
            return true;
        } catch (UnsupportedModelException e) {
            assertTrue(e.getMessage() != null && e.getMessage().length() > 10, what + ": a refusal says why");
            return false;
        } catch (Throwable t) {
            fail(what + ": refused with " + t + " instead of a clear error", t);
            return false;
        }
    }

    @Test
    void truncatedFilesAreRefusedClearly(@TempDir Path dir) throws Exception {
        int refused = 0;
        for (Path model : goldenModels()) {
            byte[] full = Files.readAllBytes(model);
            for (int i = 0; i < 40; i++) {
                int len = (int) ((long) full.length * i / 40);
                if (!loads(dir, java.util.Arrays.copyOf(full, len), model.getFileName() + " cut to " + len + " bytes")) {
                    refused++;
                }
            }
        }
        assertTrue(refused > 0);
    }

    @Test
    void corruptedFilesAreRefusedClearly(@TempDir Path dir) throws Exception {
        Random rnd = new Random(17);
        List<String> loaded = new ArrayList<>();
        for (Path model : goldenModels()) {
            byte[] full = Files.readAllBytes(model);
            for (int trial = 0; trial < 400; trial++) {
                byte[] b = full.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                if (loads(dir, b, model.getFileName() + " trial " + trial)) {
                    loaded.add(model.getFileName() + "/" + trial);
                }
            }
        }
        assertTrue(loaded.size() < goldenModels().size() * 400, "most corrupted files are refused");
    }

    @Test
    void filesThatAreNotOnnxAreRefusedClearly(@TempDir Path dir) throws Exception {
        Random rnd = new Random(3);
        for (int size : new int[] {0, 1, 7, 100, 10_000}) {
            byte[] b = new byte[size];
            rnd.nextBytes(b);
            loads(dir, b, size + " random bytes");
        }
        loads(dir, "<html>not a model</html>".getBytes(), "an HTML page");
    }

    static Onnx.ModelProto golden(String name) throws Exception {
        return OnnxRefusalTest.golden(name);
    }

    static UnsupportedModelException refused(Path dir, Onnx.ModelProto m) throws Exception {
        Path f = dir.resolve("m.onnx");
        Files.write(f, m.toByteArray());
        return assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(f));
    }

    @Test
    void aTensorThatLiesAboutItsSizeIsRefused(@TempDir Path dir) throws Exception {
        Onnx.ModelProto m = golden("lstm1_linear");
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        Onnx.TensorProto t = g.getInitializer(0);
        g.setInitializer(0, t.toBuilder().clearDims().addDims(1000).addDims(1000).build());
        UnsupportedModelException e = refused(dir, m.toBuilder().setGraph(g).build());
        assertTrue(e.getMessage().contains("(1000000 values) but holds"), e.getMessage());
    }

    @Test
    void hugeDimensionsAreRefusedBeforeAnythingIsAllocated(@TempDir Path dir) throws Exception {
        Onnx.ModelProto m = golden("gru1_tanh");
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims().addDims(3_000_000_000L).addDims(3_000_000_000L).build());
        UnsupportedModelException e = refused(dir, m.toBuilder().setGraph(g).build());
        assertTrue(e.getMessage().contains("more than the"), e.getMessage());
        g.setInitializer(0, g.getInitializer(0).toBuilder().clearDims().addDims(-4).build());
        assertTrue(refused(dir, m.toBuilder().setGraph(g).build()).getMessage().contains("negative dimension"));
    }

    @Test
    void graphsWithTooManyNodesOrSubgraphsAreRefused(@TempDir Path dir) throws Exception {
        Onnx.ModelProto m = golden("rnn1_linear");
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        for (int i = 0; i <= OnnxGraph.MAX_NODES; i++) {
            g.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("pad" + i));
        }
        assertTrue(refused(dir, m.toBuilder().setGraph(g).build()).getMessage().contains("at most " + OnnxGraph.MAX_NODES));
        Onnx.GraphProto.Builder h = m.getGraph().toBuilder();
        h.addNode(Onnx.NodeProto.newBuilder().setName("loop").setOpType("If").addInput("x").addOutput("y").addAttribute(
                Onnx.AttributeProto.newBuilder().setName("then_branch").setType(Onnx.AttributeProto.AttributeType.GRAPH)
                        .setG(Onnx.GraphProto.newBuilder().setName("inner"))));
        assertTrue(refused(dir, m.toBuilder().setGraph(h).build()).getMessage().contains("subgraph"));
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.onnx");
        try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(OnnxModelLoader.MAX_FILE_BYTES + 1);   // sparse: no disk is written
        }
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(f));
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
    }

    @Test
    void aCardThatDoesNotFitTheModelIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.onnx");
        Files.write(f, golden("rnn1_linear").toByteArray());
        Files.writeString(dir.resolve("m.card.json"), "{\"feature_names\": [\"a\", \"b\", \"c\", \"d\"]}");
        UnsupportedModelException e = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(f));
        assertTrue(e.getMessage().contains("`feature_names` must be a list of 3 strings, one per feature; got a list of 4 items"),
                e.getMessage());
        Files.writeString(dir.resolve("m.card.json"), "{\"window_length\": \"six\"");
        assertTrue(assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(f)).getMessage().contains("model card"));
    }

    @Test
    void nonFiniteWeightsAreRefused(@TempDir Path dir) throws Exception {
        Onnx.ModelProto m = golden("lstm1_linear");
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        int w = -1;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getDimsCount() == 3) {
                w = i;
            }
        }
        Onnx.TensorProto t = g.getInitializer(w);
        float[] values = new float[t.getRawData().size() / 4];
        java.nio.ByteBuffer.wrap(t.getRawData().toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        values[3] = Float.NaN;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        g.setInitializer(w, t.toBuilder().setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(b.array())).build());
        UnsupportedModelException e = refused(dir, m.toBuilder().setGraph(g).build());
        assertTrue(e.getMessage().contains("holds NaN at index 3"), e.getMessage());
    }
}
