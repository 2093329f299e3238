package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.model.LoadedModel;
import io.brink.model.SequenceClassifier;
import io.brink.model.graph.Graph;
import io.brink.model.graph.UnrolledRecurrentOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The graph import's parity with PyTorch on the classifier shapes practitioners write (tools/make_graph_golden.py),
 * and with the ONNX specification's RNN equations for what PyTorch does not export — GRU linear_before_reset=0,
 * peepholes, clip, other activations, initial states (tools/make_rnn_spec_golden.py): logits, prediction, margin and
 * input gradient within 1e-9, the top input-Hessian eigenvalue within 1e-7, each model imported as a graph of ops and
 * run by the CPU engine in float64. Models the fixed-shape path maps are loaded that way
 * by {@link OnnxModelLoader}, and also checked through the graph.
 */
class GraphParityTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden-graph");
    /** The models the fused fixed-shape path takes (the loader prefers it). */
    private static final Set<String> FIXED_SHAPE = Set.of("graph_lstm2_last", "graph_gru_mlp", "graph_gru_batch1");

    @ParameterizedTest
    @ValueSource(strings = {"graph_lstm2_last", "graph_gru_mlp", "graph_bilstm_out", "graph_bilstm_hn", "graph_mean_pool",
            "graph_max_pool", "graph_act_head", "graph_logsoftmax_head", "graph_attention", "graph_conv_lstm", "graph_time_major", "graph_layernorm17", "graph_layernorm14", "graph_gru_batch1",
            "graph_rnn_relu", "graph_gelu_head", "spec_gru_lbr0", "spec_gru_lbr0_bidirectional", "spec_lstm_peepholes", "spec_lstm_clip",
            "spec_lstm_activations", "spec_rnn_relu"})
    void matchesPyTorch(String name) throws Exception {
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve(name + ".golden.json").toFile());
        Path file = GOLDEN.resolve(name + ".onnx");
        Graph graph = GraphImports.graph(file);
        assertEquals(golden.get("time_major").asBoolean(), graph.timeMajor(), "layout");
        assertEquals(golden.get("batch_of_one").asBoolean(), graph.batchOne(), "batch of one");
        OnnxParityTest.assertMatches(name + " (graph)", golden, graph);

        LoadedModel loaded = OnnxModelLoader.load(file);
        if (name.startsWith("spec_")) {
            assertTrue(graph.nodes().stream().anyMatch(n -> n.op() instanceof UnrolledRecurrentOp),
                    name + " needs the specification's equations: " + graph.describe());
        }
        if (FIXED_SHAPE.contains(name)) {
            assertInstanceOf(SequenceClassifier.class, loaded.classifier(), "the fused path takes " + name);
        } else {
            assertInstanceOf(Graph.class, loaded.classifier(), name + " is served as a graph");
        }
        assertEquals(golden.get("steps").asInt(), loaded.card().windowLength().orElseThrow(), "window length from the input");
        OnnxParityTest.assertMatches(name + " (loaded)", golden, loaded.classifier());
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph_attention", "graph_bilstm_out", "spec_lstm_clip"})
    void float32AgreesWithFloat64(String name) throws Exception {
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve(name + ".golden.json").toFile());
        LoadedModel model = OnnxModelLoader.load(GOLDEN.resolve(name + ".onnx"));
        int steps = golden.get("steps").asInt();
        int features = golden.get("features").asInt();
        int n = golden.get("windows").size();
        double[] x = new double[n * steps * features];
        for (int w = 0; w < n; w++) {
            for (int i = 0; i < steps * features; i++) {
                x[w * steps * features + i] = golden.get("windows").get(w).get("x").get(i).asDouble();
            }
        }
        io.brink.engine.ProfileOptions o = io.brink.engine.ProfileOptions.builder().keepGradient(true).build();
        java.util.List<io.brink.engine.WindowProfile> p32;
        java.util.List<io.brink.engine.WindowProfile> p64;
        try (io.brink.engine.RobustnessEngine e32 = new io.brink.engine.RobustnessEngine(model,
                new io.brink.engine.EngineOptions(io.brink.engine.device.Precision.FLOAT32, 1, 1));
             io.brink.engine.RobustnessEngine e64 = new io.brink.engine.RobustnessEngine(model,
                     new io.brink.engine.EngineOptions(io.brink.engine.device.Precision.FLOAT64, 1, 1))) {
            p32 = e32.profile(new io.brink.engine.WindowBatch(x, n, steps, features), o).windows();
            p64 = e64.profile(new io.brink.engine.WindowBatch(x, n, steps, features), o).windows();
        }
        for (int w = 0; w < n; w++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(p64.get(w).logits()[k], p32.get(w).logits()[k], 1e-5 * Math.max(1, Math.abs(p64.get(w).logits()[k])),
                        name + " logit " + k);
            }
            double[] g32 = p32.get(w).gradient().orElseThrow();
            double[] g64 = p64.get(w).gradient().orElseThrow();
            double max = 0;
            for (double v : g64) {
                max = Math.max(max, Math.abs(v));
            }
            for (int i = 0; i < g64.length; i++) {
                assertEquals(g64[i], g32[i], 1e-4 * Math.max(1e-3, max), name + " gradient " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph_lstm2_last", "graph_gru_mlp"})
    void theGraphPathAgreesWithTheFusedPath(String name) throws Exception {
        Path file = GOLDEN.resolve(name + ".onnx");
        Graph graph = GraphImports.graph(file);
        LoadedModel fused = OnnxModelLoader.load(file);
        assertInstanceOf(SequenceClassifier.class, fused.classifier());
        int steps = 6;
        int features = 3;
        int n = 40;
        double[] x = new double[n * steps * features];
        java.util.Random r = new java.util.Random(8);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        io.brink.engine.ProfileOptions o = io.brink.engine.ProfileOptions.builder()
                .curvature(new io.brink.engine.algorithm.Lanczos.Settings(1e-10, 12, false))
                .hutchinson(8).keepGradient(true).build();
        io.brink.engine.EngineOptions e64 = new io.brink.engine.EngineOptions(io.brink.engine.device.Precision.FLOAT64, 1, 1);
        java.util.List<io.brink.engine.WindowProfile> a;
        java.util.List<io.brink.engine.WindowProfile> b;
        try (io.brink.engine.RobustnessEngine ef = new io.brink.engine.RobustnessEngine(fused.classifier(), e64);
             io.brink.engine.RobustnessEngine eg = new io.brink.engine.RobustnessEngine(graph, e64)) {
            a = ef.profile(new io.brink.engine.WindowBatch(x, n, steps, features), o).windows();
            b = eg.profile(new io.brink.engine.WindowBatch(x, n, steps, features), o).windows();
        }
        for (int w = 0; w < n; w++) {
            double lf = a.get(w).curvature().orElseThrow().eigenvalue();
            double lg = b.get(w).curvature().orElseThrow().eigenvalue();
            assertEquals(lf, lg, 1e-8 * Math.max(1, Math.abs(lf)), name + " window " + w + " top eigenvalue");
            double hf = a.get(w).hessianFrobenius().orElseThrow();
            double hg = b.get(w).hessianFrobenius().orElseThrow();
            assertEquals(hf, hg, 1e-8 * Math.max(1, hf), name + " window " + w + " Hutchinson");
        }
    }
}
