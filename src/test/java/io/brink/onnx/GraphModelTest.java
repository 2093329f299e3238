package io.brink.onnx;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.engine.device.Precision;
import io.brink.engine.cuda.CudaBackend;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import io.brink.model.UncertaintySpec;
import io.brink.model.graph.Graph;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Graph models where a model is served: ensembles mixing architectures, the GPU's refusal, MC dropout's. */
class GraphModelTest {

    private static final Path GOLDEN = GraphParityTest.GOLDEN;

    @Test
    void anEnsembleMayMixAFusedAndAGraphMember(@TempDir Path dir) throws Exception {
        for (String m : List.of("graph_lstm2_last", "graph_attention")) {
            Files.copy(GOLDEN.resolve(m + ".onnx"), dir.resolve(m + ".onnx"));
        }
        Path manifest = dir.resolve("mixed.json");
        Files.writeString(manifest, "{\"members\": [\"graph_lstm2_last.onnx\", \"graph_attention.onnx\"]}");
        LoadedModel mixed = OnnxModelLoader.load(manifest);
        assertInstanceOf(SequenceClassifier.class, mixed.members().get(0));
        assertInstanceOf(Graph.class, mixed.members().get(1));
        LoadedModel a = OnnxModelLoader.load(dir.resolve("graph_lstm2_last.onnx"));
        LoadedModel b = OnnxModelLoader.load(dir.resolve("graph_attention.onnx"));
        int steps = 6;
        int d = 3;
        double[] x = new double[2 * steps * d];
        Random r = new Random(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        EngineOptions o = new EngineOptions(Precision.FLOAT64, 1, 1);
        ProfileOptions p = ProfileOptions.builder().build();
        try (RobustnessEngine e = new RobustnessEngine(mixed, o); RobustnessEngine ea = new RobustnessEngine(a, o);
             RobustnessEngine eb = new RobustnessEngine(b, o)) {
            List<WindowProfile> ens = e.profile(new WindowBatch(x, 2, steps, d), p).windows();
            List<WindowProfile> pa = ea.profile(new WindowBatch(x, 2, steps, d), p).windows();
            List<WindowProfile> pb = eb.profile(new WindowBatch(x, 2, steps, d), p).windows();
            for (int w = 0; w < 2; w++) {
                for (int k = 0; k < 3; k++) {
                    // the ensemble's logits are log p̄, p̄ the mean of the members' softmax
                    double mean = (softmax(pa.get(w).logits())[k] + softmax(pb.get(w).logits())[k]) / 2;
                    assertEquals(Math.log(mean), ens.get(w).logits()[k], 1e-12);
                }
            }
        }
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    @Test
    void theGpuRefusesAGraphInOneLineNamingItsOps() throws Exception {
        Network g = OnnxModelLoader.load(GOLDEN.resolve("graph_attention.onnx")).classifier();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CudaBackend.devices(List.of(g), Precision.FLOAT32, List.of(0)));
        assertTrue(e.getMessage().contains("Softmax") && e.getMessage().contains("GRU") && e.getMessage().contains("--device cpu"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void mcDropoutOnAGraphDropsTheRecurrentOutputsPerWindow() throws Exception {
        LoadedModel base = OnnxModelLoader.load(GOLDEN.resolve("graph_bilstm_hn.onnx"));
        LoadedModel mc = base.withCard(ModelCard.ofUncertainty(
                new UncertaintySpec("mc_dropout", Optional.of(16), Optional.empty(), Optional.of(0.3), Optional.of(List.of(0)))));
        int steps = 6;
        int d = 3;
        int n = 5;
        double[] x = new double[n * steps * d];
        Random r = new Random(12);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        EngineOptions o = new EngineOptions(Precision.FLOAT64, 1, 1);
        ProfileOptions p = ProfileOptions.builder().build();
        List<WindowProfile> all;
        List<WindowProfile> plain;
        try (RobustnessEngine e = new RobustnessEngine(mc, o); RobustnessEngine b = new RobustnessEngine(base, o)) {
            all = e.profile(new WindowBatch(x, n, steps, d), p).windows();
            plain = b.profile(new WindowBatch(x, n, steps, d), p).windows();
        }
        for (int w = 0; w < n; w++) {
            assertEquals("mc_dropout", all.get(w).spread().method());
            // 16 dropped-out passes spread the probabilities; the deterministic model has none
            assertTrue(java.util.Arrays.stream(all.get(w).spread().probabilityStd().orElseThrow()).max().orElseThrow() > 0,
                    "window " + w + " has no spread");
            assertTrue(plain.get(w).spread().probabilityStd().isEmpty()
                    || java.util.Arrays.stream(plain.get(w).spread().probabilityStd().get()).allMatch(v -> v == 0));
        }
    }

    @Test
    void mcDropoutOnAGraphMatchesTheFusedPathOnTheSameModel() throws Exception {
        Path file = GOLDEN.resolve("graph_lstm2_last.onnx");
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        Graph graph = new GraphImporter(new OnnxGraph(proto.getGraph()), GraphImporter.opset(proto)).graph();
        ModelCard card = ModelCard.ofUncertainty(new UncertaintySpec("mc_dropout", Optional.of(12), Optional.empty(), Optional.of(0.25),
                Optional.of(List.of(0, 1))));
        LoadedModel fused = OnnxModelLoader.load(file).withCard(card);
        LoadedModel asGraph = new LoadedModel("g", "v", graph, card);
        int steps = 6;
        int d = 3;
        int n = 7;
        double[] x = new double[n * steps * d];
        Random r = new Random(13);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        EngineOptions o = new EngineOptions(Precision.FLOAT64, 1, 1);
        try (RobustnessEngine a = new RobustnessEngine(fused, o); RobustnessEngine b = new RobustnessEngine(asGraph, o)) {
            List<WindowProfile> pa = a.profile(new WindowBatch(x, n, steps, d), ProfileOptions.builder().build()).windows();
            List<WindowProfile> pb = b.profile(new WindowBatch(x, n, steps, d), ProfileOptions.builder().build()).windows();
            for (int w = 0; w < n; w++) {
                double[] sa = pa.get(w).spread().probabilityStd().orElseThrow();
                double[] sb = pb.get(w).spread().probabilityStd().orElseThrow();
                assertTrue(java.util.Arrays.stream(sa).max().orElseThrow() > 0, "the passes differ");
                for (int k = 0; k < 3; k++) {
                    assertEquals(sa[k], sb[k], 1e-12, "window " + w + " spread " + k);
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals(pa.get(w).logits()[k], pb.get(w).logits()[k], 1e-12, "window " + w + " logit " + k);
                }
            }
        }
    }
}
