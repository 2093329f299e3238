package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ONNX import parity with PyTorch: logits, prediction, margin, input gradient and top Hessian
 * eigenvalue against golden values written by tools/make_golden.py.
 */
class OnnxParityTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(strings = {"lstm1_linear", "lstm2_relu", "lstm3_hidden", "gru1_tanh", "gru2_softmax", "gru3_hidden",
            "rnn1_linear", "rnn2_tanh"})
    void matchesPyTorch(String name) throws Exception {
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.resolve(name + ".golden.json").toFile());
        LoadedModel model = OnnxModelLoader.load(GOLDEN.resolve(name + ".onnx"));
        assertEquals(golden.get("layers").asInt(), ((SequenceClassifier) model.classifier()).recurrent().size());
        assertMatches(name, golden, model.classifier());
    }

    /** Logits, prediction, margin and gradient within 1e-9 and the top Hessian eigenvalue within 1e-7 of the golden file's. */
    static void assertMatches(String name, JsonNode golden, Network network) {
        int steps = golden.get("steps").asInt();
        int features = golden.get("features").asInt();
        JsonNode windows = golden.get("windows");
        int n = windows.size();
        double[] x = new double[n * steps * features];
        for (int w = 0; w < n; w++) {
            JsonNode xs = windows.get(w).get("x");
            for (int i = 0; i < steps * features; i++) {
                x[w * steps * features + i] = xs.get(i).asDouble();
            }
        }
        ProfileOptions o = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-10, 60, false)).keepGradient(true).build();
        try (RobustnessEngine engine = new RobustnessEngine(network, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            List<WindowProfile> prof = engine.profile(new WindowBatch(x, n, steps, features), o).windows();
            for (int w = 0; w < n; w++) {
                JsonNode gw = windows.get(w);
                WindowProfile p = prof.get(w);
                for (int k = 0; k < p.logits().length; k++) {
                    assertEquals(gw.get("logits").get(k).asDouble(), p.logits()[k], 1e-9, name + " logit " + k);
                }
                assertEquals(gw.get("predicted").asInt(), p.predicted());
                assertEquals(gw.get("runner_up").asInt(), p.decision().runnerUp());
                assertEquals(gw.get("margin").asDouble(), p.margin(), 1e-9);
                double[] gradient = p.gradient().orElseThrow();
                double gmax = 0;
                for (int i = 0; i < gradient.length; i++) {
                    gmax = Math.max(gmax, Math.abs(gw.get("gradient").get(i).asDouble()));
                }
                for (int i = 0; i < gradient.length; i++) {
                    assertEquals(gw.get("gradient").get(i).asDouble(), gradient[i], 1e-9 * Math.max(1, gmax), name + " gradient " + i);
                }
                JsonNode eig = gw.get("hessian_eigenvalues");
                double top = eig.get(eig.size() - 1).asDouble();
                double scale = Math.max(Math.abs(top), Math.abs(eig.get(0).asDouble()));
                assertEquals(top, p.curvature().orElseThrow().eigenvalue(), 1e-7 * Math.max(1, scale), name + " top eigenvalue");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm1_linear", "gru2_softmax"})
    void readsTheModelCardFromMetadata(String name) throws Exception {
        LoadedModel model = OnnxModelLoader.load(GOLDEN.resolve(name + ".onnx"));
        assertEquals(6, model.card().windowLength().orElseThrow());
        assertEquals(List.of("down", "flat", "up"), model.card().classNames().orElseThrow());
        assertEquals(List.of("price", "volume", "spread"), model.card().featureNames().orElseThrow());
        assertEquals(0.8, model.card().std().orElseThrow()[1], 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm2_relu"})
    void readsASidecarCard(String name) throws Exception {
        LoadedModel model = OnnxModelLoader.load(GOLDEN.resolve(name + ".onnx"));
        assertEquals(List.of("down", "flat", "up"), model.card().classNames().orElseThrow());
        assertEquals(-0.2, model.card().mean().orElseThrow()[1], 1e-12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn1_linear"})
    void takesTheWindowLengthFromTheInputShapeWithoutACard(String name) throws Exception {
        LoadedModel model = OnnxModelLoader.load(GOLDEN.resolve(name + ".onnx"));
        assertEquals(6, model.card().windowLength().orElseThrow());
        assertTrue(model.card().classNames().isEmpty());
    }
}
