package io.brink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code brink analyze} end to end on a golden ONNX model: records, schema, bad lines and clear errors. */
class AnalyzeCommandTest {

    static final Path MODEL = Path.of("src/test/resources/golden/lstm1_linear.onnx");

    record Run(int exit, String err) {
    }

    static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = BrinkCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, err.toString());
    }

    static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("schemas/score.schema.json")));
    }

    @Test
    void scoresEveryWindowAndSkipsBadLines(@TempDir Path dir) throws Exception {
        // lstm1_linear's card: window 6, features price/volume/spread, classes down/flat/up.
        List<String> lines = new ArrayList<>();
        Random rnd = new Random(1);
        for (String series : List.of("DAX", "SMI")) {
            for (int t = 0; t < 12; t++) {
                lines.add(String.format("{\"series\":\"%s\",\"ts\":%d,\"values\":[%.3f,%.3f,%.3f]}", series, 1000L * (12 - t),
                        rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()));
            }
        }
        lines.add(3, "{not json");
        lines.add(7, "{\"series\":\"DAX\",\"ts\":\"tomorrow\",\"values\":[1,2,3]}");
        lines.add(9, "{\"series\":\"DAX\",\"ts\":99,\"values\":[1,2]}");
        Path points = dir.resolve("points.jsonl");
        Files.write(points, lines);
        Path out = dir.resolve("scores.jsonl");
        Run r = run("analyze", "--model", MODEL.toString(), "--points", points.toString(), "--out", out.toString(),
                "--radii", "0.5,1", "--directions", "8", "--emit-perturbation", "--precision", "FLOAT64", "--certify",
                "--pgd-radii", "0.5,2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("line 4: not valid JSON"), r.err());
        assertTrue(r.err().contains("line 8: timestamp 'tomorrow'"), r.err());
        assertTrue(r.err().contains("has 2 values, the model takes 3"), r.err());
        assertTrue(r.err().contains("3 bad lines skipped"), r.err());

        List<String> records = Files.readAllLines(out);
        assertEquals(2 * (12 - 6 + 1), records.size());
        JsonSchema schema = schema();
        ObjectMapper json = new ObjectMapper();
        long lastTs = Long.MIN_VALUE;
        for (String rec : records) {
            JsonNode node = json.readTree(rec);
            Set<ValidationMessage> errors = schema.validate(node);
            assertTrue(errors.isEmpty(), errors + " in " + rec);
            assertEquals(1, node.get("tier").asInt());
            assertTrue(Set.of("down", "flat", "up").contains(node.get("predicted").asText()));
            assertTrue(node.get("distance_lower").asDouble() <= node.get("distance_upper").asDouble() + 1e-12);
            assertTrue(node.has("attack_distance"));
            assertTrue(node.get("window_norm").asDouble() > 0, rec);
            assertEquals("linear-bounds-backward", node.get("certified_method").asText(), rec);
            double certified = node.get("certified_radius").asDouble();
            if (!node.get("attack_distance").isNull()) {
                assertTrue(certified <= node.get("attack_distance").asDouble(), "certified above the verified flip in " + rec);
            }
            for (JsonNode f : node.get("pgd")) {
                if (f.get("flipped").asBoolean()) {
                    assertTrue(node.get("attack_distance").asDouble() <= f.get("radius").asDouble(), "attack above PGD's flip in " + rec);
                    break;
                }
            }
            if (!node.get("attack_distance").isNull()) {
                assertNotNull(node.get("attack_perturbation"));
                assertEquals(6, node.get("attack_perturbation").size());
            }
            if (node.get("series").asText().equals("DAX")) {
                assertTrue(node.get("ts").asLong() > lastTs, "windows in time order");
                lastTs = node.get("ts").asLong();
            }
        }
    }

    @Test
    void aFeatureCountMismatchIsOneClearError(@TempDir Path dir) throws Exception {
        Path points = dir.resolve("points.csv");
        Files.writeString(points, "X,1,0.1,0.2\nX,2,0.1,0.2\n");
        Run r = run("analyze", "--model", MODEL.toString(), "--points", points.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("the points have 2 values each but model 'lstm1_linear' takes 3 features"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        // With a header, the names are checked first (the card names price, volume, spread).
        Files.writeString(points, "series,ts,a,b\nX,1,0.1,0.2\n");
        r = run("analyze", "--model", MODEL.toString(), "--points", points.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("missing price, volume, spread; unknown a, b"), r.err());
    }

    @Test
    void anUnmappableModelIsRefusedWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("model.onnx");
        Files.writeString(bad, "garbage");
        Path points = dir.resolve("p.csv");
        Files.writeString(points, "X,1,0.1,0.2,0.3\n");
        Run r = run("analyze", "--model", bad.toString(), "--points", points.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("brink analyze: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** lstm1_linear with its time axis made dynamic, as an export with dynamic_axes {1: 'time'} writes it. */
    static Path dynamicTime(Path dir) throws Exception {
        return io.brink.onnx.InputDims.copy(MODEL, dir.resolve("dynamic.onnx"), io.brink.onnx.InputDims.named("time"),
                io.brink.onnx.InputDims.fixed(3));
    }

    @Test
    void aWindowAgainstTheModelsStaticTimeAxisIsRefused(@TempDir Path dir) throws Exception {
        Path points = dir.resolve("p.csv");
        Files.writeString(points, "X,1,0.1,0.2,0.3\n");
        Run r = run("analyze", "--model", MODEL.toString(), "--points", points.toString(), "--out", dir.resolve("o").toString(),
                "--window", "3");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--window is 3 but the ONNX input 'x' [N, 6, 3] has a static time dimension of 6"), r.err());
    }

    @Test
    void theWindowLengthCanBeOverridden(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int t = 0; t < 5; t++) {
            sb.append("X,").append(t).append(",0.1,0.2,").append(t * 0.1).append('\n');
        }
        Path points = dir.resolve("p.csv");
        Files.writeString(points, sb.toString());
        Path out = dir.resolve("o.jsonl");
        Run r = run("analyze", "--model", dynamicTime(dir).toString(), "--points", points.toString(), "--out", out.toString(),
                "--window", "3", "--no-attack", "--radii", "none", "--hutchinson-probes", "0");
        assertEquals(0, r.exit(), r.err());
        List<String> recs = Files.readAllLines(out);
        assertEquals(3, recs.size());
        JsonNode first = new ObjectMapper().readTree(recs.get(0));
        assertFalse(first.has("attack_distance"), "attack did not run, so the field is absent");
        assertFalse(first.has("misclassification_probability"));
        assertTrue(schema().validate(first).isEmpty());
    }
}
