package io.brink.model.bounds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.model.graph.Graph;
import io.brink.model.graph.GraphRun;
import io.brink.model.graph.Tensor;
import io.brink.onnx.GraphImports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The certified radius on model graphs (the PyTorch exports of tools/make_graph_golden.py, imported node by node): at
 * radius 0 the bounds are PyTorch's own margins (the golden files' float64 logits), so the unrolled network is the
 * model; nothing inside a certificate flips the class under random points and PGD (20 starts × 100 steps, L2 and L∞) on
 * a float64 reference forward (the graph run on {@link ReferenceCells}); what has no bound rule is refused with the node.
 */
class GraphBoundsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden-graph");

    static Graph graph(String name) throws IOException {
        return GraphImports.graph(GOLDEN.resolve(name + ".onnx"));
    }

    static JsonNode golden(String name) throws IOException {
        return new ObjectMapper().readTree(GOLDEN.resolve(name + ".golden.json").toFile());
    }

    private static double[] array(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    /** The graph's logits for one batch-first window, on the reference cells. */
    static Attacks.Forward reference(Graph g, int T) {
        return x -> {
            int d = g.features();
            double[] data = x.clone();
            Tensor in = new Tensor(g.timeMajor() ? new int[] {T, 1, d} : new int[] {1, T, d}, data);
            return new GraphRun(g, new ReferenceCells()).forward(in).data().clone();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph_lstm2_last", "graph_gru_mlp", "graph_gru_batch1", "graph_bilstm_out", "graph_bilstm_hn",
            "graph_mean_pool", "graph_max_pool", "graph_attention", "graph_conv_lstm", "graph_time_major", "graph_layernorm17",
            "graph_layernorm14", "graph_gelu_head", "graph_act_head", "graph_rnn_relu", "spec_gru_lbr0", "spec_gru_lbr0_bidirectional",
            "spec_lstm_peepholes", "spec_lstm_clip", "spec_rnn_relu", "spec_lstm_activations"})
    void atRadiusZeroTheBoundsArePyTorchsMargins(String name) throws IOException {
        Graph g = graph(name);
        JsonNode golden = golden(name);
        int T = golden.get("steps").asInt();
        ClassifierBounds bounds = new ClassifierBounds(g);
        assertTrue(bounds.refusal(T).isEmpty(), name + ": " + bounds.refusal(T));
        for (JsonNode w : golden.get("windows")) {
            double[] x = array(w.get("x"));
            double[] z = array(w.get("logits"));
            double[] ref = reference(g, T).logits(x);
            assertEquals(0, maxDifference(z, ref), 1e-9, name + ": the reference forward is the model");
            for (int k = 0; k < z.length; k++) {
                double[] lower = bounds.marginLower(x, 0, T, k, new Ball(0, Norm.L2));
                for (int j = 0; j < z.length; j++) {
                    if (j == k) {
                        continue;
                    }
                    double margin = z[k] - z[j];
                    // Sound against the model's own float64 forward (PyTorch's rounding differs by up to 1e-10 after a LayerNorm).
                    assertTrue(lower[j] <= ref[k] - ref[j] + 1e-12 * (1 + Math.abs(margin)), name + ": bound above the margin at r = 0");
                    assertEquals(margin, lower[j], 1e-9 * (1 + Math.abs(margin)), name + " class " + k + " against " + j);
                }
            }
        }
    }

    private static double maxDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"graph_bilstm_out", "graph_bilstm_hn", "graph_mean_pool", "graph_max_pool", "graph_attention",
            "graph_conv_lstm", "graph_time_major", "graph_layernorm17", "graph_layernorm14", "graph_gelu_head", "graph_act_head",
            "graph_rnn_relu", "spec_gru_lbr0", "spec_gru_lbr0_bidirectional", "spec_lstm_peepholes", "spec_lstm_clip", "spec_rnn_relu",
            "spec_lstm_activations"})
    void nothingInsideTheCertifiedRadiusFlipsAGraphModel(String name) throws IOException {
        Graph g = graph(name);
        JsonNode golden = golden(name);
        int T = golden.get("steps").asInt();
        Certifier certifier = new Certifier(new ClassifierBounds(g), new Certifier.Settings(10, 0.05, 1));
        Attacks.Forward f = reference(g, T);
        Random rnd = new Random(name.hashCode());
        int certified = 0;
        for (JsonNode w : golden.get("windows")) {
            double[] x = array(w.get("x"));
            int k = ReferenceForward.argmax(f.logits(x));
            for (Norm norm : Norm.values()) {
                Certificate c = certifier.certify(x, 0, T, k, norm, 0.05, OptionalDouble.empty(), 0, Double.NaN);
                assertTrue(c.radius() >= 0 && c.passes() >= 1);
                if (c.radius() == 0) {
                    continue;
                }
                certified++;
                assertTrue(c.marginLower() > 0, "a certificate's margin bound is positive");
                Attacks.assertNoFlip(f, x, k, norm, c.radius(), rnd, name + " " + norm + " r = " + c.radius());
            }
        }
        assertTrue(certified >= 4, name + ": most windows get a nonzero certificate, got " + certified + " of 8");
    }

    @Test
    void whatHasNoBoundRuleIsRefusedWithItsNode() throws IOException {
        String[][] cases = {{"graph_logsoftmax_head", "node /LogSoftmax (LogSoftmax): no bound rule yet"}};
        for (String[] c : cases) {
            ClassifierBounds bounds = new ClassifierBounds(graph(c[0]));
            String why = bounds.refusal(6).orElseThrow(() -> new AssertionError(c[0] + " was not refused"));
            assertTrue(why.contains(c[1]), c[0] + ": " + why);
            System.out.println("GraphBoundsTest: " + c[0] + " refused: " + why);
        }
    }
}
