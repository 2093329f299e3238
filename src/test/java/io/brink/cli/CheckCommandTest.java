package io.brink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.onnx.GraphDiagnosisTest;
import onnx.Onnx;
import io.brink.onnx.OnnxRefusalTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code brink check}: an accepted model, a model with three unmappable nodes, --json, --points, and the exit codes. */
class CheckCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BrinkCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void anAcceptedModelPrintsItsContractArchitectureAndStages(@TempDir Path dir) throws Exception {
        Path points = dir.resolve("p.csv");
        StringBuilder csv = new StringBuilder("series,ts,spread,price,volume\n");
        for (int t = 1; t <= 8; t++) {
            csv.append("A,").append(t).append(",0.1,1.").append(t).append(",20\n");
        }
        Files.writeString(points, csv.toString());
        Run r = run("check", "--model", "src/test/resources/golden/lstm1_linear.onnx", "--points", points.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("card: card from metadata_props"), r.out());
        assertTrue(r.out().contains("window: 6 (card, agrees with the ONNX input)"), r.out());
        assertTrue(r.out().contains("features: price, volume, spread"), r.out());
        assertTrue(r.out().contains("LSTM(3→"), r.out());
        assertTrue(r.out().contains("curvature: top eigenpair"), r.out());
        assertTrue(r.out().contains("certified: a proven lower bound"), r.out());
        assertTrue(r.out().contains("8 points of 1 series") && r.out().contains("reordered by name"), r.out());
        assertTrue(r.out().trim().endsWith("brink check: ok"), r.out());
    }

    @Test
    void aModelWithThreeUnimportableNodesListsThemAll(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("bad.onnx");
        Files.write(model, threeUnimportable().toByteArray());
        Run r = run("check", "--model", model.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String[] lines = r.out().split("\n");
        assertTrue(r.out().contains("Brink cannot map 3 nodes"), r.out());
        int lstm = r.out().indexOf("(op LSTM): input_forget=1"), cos = r.out().indexOf("(op Cos): op Cos is not supported"),
                norm = r.out().indexOf("(op LayerNormalization): the scale must be a constant");
        assertTrue(lstm > 0 && cos > lstm && norm > cos, r.out());
        assertTrue(lines.length >= 5, r.out());

        Run j = run("check", "--model", model.toString(), "--json");
        assertEquals(1, j.exit());
        JsonNode json = new ObjectMapper().readTree(j.out());
        assertEquals("model_refused", json.get("status").asText());
        assertEquals(3, json.get("problems").size(), j.out());
        assertEquals("LSTM", json.get("problems").get(0).get("op").asText());
        assertEquals("Cos", json.get("problems").get(1).get("op").asText());
        assertEquals("LayerNormalization", json.get("problems").get(2).get("op").asText());
    }

    /** lstm1_linear with an LSTM whose input and forget gates are coupled, a Cos (not imported) and a LayerNormalization whose scale is not a constant. */
    static Onnx.ModelProto threeUnimportable() throws Exception {
        Onnx.ModelProto m = OnnxRefusalTest.withNode(OnnxRefusalTest.golden("lstm1_linear"), "LSTM", n -> n.toBuilder().addAttribute(
                Onnx.AttributeProto.newBuilder().setName("input_forget").setType(Onnx.AttributeProto.AttributeType.INT).setI(1)).build());
        return GraphDiagnosisTest.beforeHead(m, "cos", "Cos", "norm");
    }

    @Test
    void jsonForAnAcceptedModelAndExitCodes(@TempDir Path dir) throws Exception {
        Run r = run("check", "--model", "src/test/resources/golden/lstm2_relu.onnx", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("ok", json.get("status").asText());
        JsonNode c = json.get("contract");
        assertEquals(6, c.get("window_length").asInt());
        assertEquals("sidecar lstm2_relu.json", c.get("card_sources").get(0).asText());
        assertEquals(3, c.get("class_names").size());
        assertTrue(c.get("normalization").asBoolean());
        assertFalse(json.has("problems") && json.get("problems").size() > 0);

        assertEquals(2, run("check").exit(), "usage error: no --model");
        assertEquals(2, run("check", "--model", "x.onnx", "--bogus").exit());
        Path cardless = dir.resolve("m.onnx");
        Files.copy(Path.of("src/test/resources/golden/gru1_tanh.onnx"), cardless);
        Run refused = run("check", "--model", cardless.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.out().contains("no model card"), refused.out());
        assertEquals(0, run("check", "--model", cardless.toString(), "--no-card").exit());
    }

    @Test
    void saysWhetherTheCertifiedRadiusCoversTheModel() {
        Run pooled = run("check", "--model", "src/test/resources/golden-graph/graph_mean_pool.onnx", "--no-card");
        assertEquals(0, pooled.exit(), pooled.out() + pooled.err());
        assertTrue(pooled.out().contains("certified: a proven lower bound"), pooled.out());
        Run attention = run("check", "--model", "src/test/resources/golden-graph/graph_attention.onnx", "--no-card");
        assertEquals(0, attention.exit(), attention.out() + attention.err());
        assertTrue(attention.out().contains("certified: a proven lower bound"), attention.out());
        Run normalized = run("check", "--model", "src/test/resources/golden-graph/graph_layernorm17.onnx", "--no-card");
        assertTrue(normalized.out().contains("certified: a proven lower bound"), normalized.out());
        Run cells = run("check", "--model", "src/test/resources/golden-graph/spec_lstm_activations.onnx", "--no-card");
        assertTrue(cells.out().contains("certified: a proven lower bound"), cells.out());
        Run logSoftmax = run("check", "--model", "src/test/resources/golden-graph/graph_logsoftmax_head.onnx", "--no-card");
        assertEquals(0, logSoftmax.exit(), logSoftmax.out() + logSoftmax.err());
        assertTrue(logSoftmax.out().contains("certified: refused for this model — node /LogSoftmax (LogSoftmax): no bound rule yet"),
                logSoftmax.out());
    }

    @Test
    void pointsThatDoNotFitTheContractAreRefused(@TempDir Path dir) throws Exception {
        Path points = dir.resolve("p.csv");
        Files.writeString(points, "series,ts,price,volume,spred\nA,1,1,2,3\n");
        Run r = run("check", "--model", "src/test/resources/golden/lstm1_linear.onnx", "--points", points.toString(), "--json");
        assertEquals(1, r.exit(), r.out());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("points_refused", json.get("status").asText());
        String problem = json.get("points").get("problems").get(0).asText();
        assertTrue(problem.contains("missing spread") && problem.contains("unknown spred"), problem);
    }
}
