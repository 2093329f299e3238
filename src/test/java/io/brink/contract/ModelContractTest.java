package io.brink.contract;

import io.brink.analyze.PointFileReader;
import io.brink.engine.EngineOptions;
import io.brink.model.ModelCard;
import io.brink.onnx.InputDims;
import io.brink.onnx.UnsupportedModelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model contract: the traps that used to give plausible wrong numbers without a word (no card found, a card's
 * window_length against a static time dimension, a wrongly typed card field) and each contradiction, refused in one line
 * naming both sides; --no-card as a decision; the start line says what was resolved and from where.
 */
class ModelContractTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static ModelContract resolve(ModelRequest r) throws Exception {
        return ContractResolver.resolve(r, EngineOptions.defaults());
    }

    static String refused(ModelRequest r) {
        String msg = assertThrows(UnsupportedModelException.class, () -> resolve(r)).getMessage();
        assertEquals(1, msg.lines().count(), "one line: " + msg);
        return msg;
    }

    /** gru1_tanh has no card; copied as clf.onnx with a model.json beside it (a name Brink does not read). */
    static Path cardless(Path dir) throws Exception {
        Path model = dir.resolve("clf.onnx");
        Files.copy(GOLDEN.resolve("gru1_tanh.onnx"), model);
        Files.writeString(dir.resolve("model.json"), "{\"window_length\": 6, \"class_names\": [\"a\", \"b\", \"c\"]}");
        return model;
    }

    /** lstm1_linear (card in metadata: window 6, features price/volume/spread) with the input's dimensions fixed to [N, t, d]. */
    static Path withStaticInput(Path dir, int t, int d) throws Exception {
        return InputDims.copy(GOLDEN.resolve("lstm1_linear.onnx"), dir.resolve("static.onnx"), InputDims.fixed(t), InputDims.fixed(d));
    }

    @Test
    void aModelWithoutACardIsRefusedSayingWhereBrinkLooked(@TempDir Path dir) throws Exception {
        Path model = cardless(dir);
        String msg = refused(ModelRequest.of(model));
        assertTrue(msg.contains("no model card for " + model), msg);
        assertTrue(msg.contains("metadata_props") && msg.contains("clf.card.json") && msg.contains("clf.json"), msg);
        assertTrue(msg.contains("model.json is not read as its card"), "the stray sidecar is named: " + msg);
        assertTrue(msg.contains("--no-card"), msg);
    }

    @Test
    void noCardIsADecision(@TempDir Path dir) throws Exception {
        ModelContract c = resolve(ModelRequest.of(cardless(dir)).withoutCard());
        assertFalse(c.card().present());
        assertFalse(c.normalized());
        assertEquals(List.of("0", "1", "2"), c.classNames());
        assertEquals(6, c.windowLength());
        assertTrue(ContractResolver.noCardWarning(c).orElseThrow().contains("--no-card"));
        assertTrue(c.describe().contains("no card; window 6 (the ONNX input's static time dimension)"), c.describe());
        // --no-card sets aside a card the files do hold.
        ModelContract raw = resolve(ModelRequest.of(GOLDEN.resolve("lstm1_linear.onnx")).withoutCard());
        assertTrue(raw.model().card().mean().isEmpty() && raw.featureNames().isEmpty());
    }

    @Test
    void theStartLineSaysWhatWasResolvedAndFromWhere() throws Exception {
        ModelContract c = resolve(ModelRequest.of(GOLDEN.resolve("lstm1_linear.onnx")));
        assertEquals(6, c.windowLength());
        String line = c.describe();
        assertTrue(line.startsWith("model lstm1_linear (sha256:"), line);
        assertTrue(line.contains("card from metadata_props; window 6 (card, agrees with the ONNX input); features price, volume, spread; classes down, flat, up; "
                + "normalization on; uncertainty single; device cpu (FLOAT32)"), line);
        ModelContract sidecar = resolve(ModelRequest.of(GOLDEN.resolve("lstm2_relu.onnx")));
        assertTrue(sidecar.describe().contains("card from sidecar lstm2_relu.json"), sidecar.describe());
        ModelContract ensemble = resolve(ModelRequest.of(Path.of("data/models/eustock-vol-ensemble.json")));
        assertTrue(ensemble.describe().contains("card from metadata_props of its 5 members; window 32 (card, agrees with the ONNX input)"),
                ensemble.describe());
    }

    @Test
    void aCardWindowAgainstAStaticTimeDimensionIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        // The card says 6; the export fixed the time axis at 8.
        String msg = refused(ModelRequest.of(withStaticInput(dir, 8, 3)));
        assertTrue(msg.contains("window_length") && msg.contains(" is 6 ") && msg.contains("static time dimension of 8"), msg);
        // And --window against it.
        Path agreeing = withStaticInput(Files.createDirectories(dir.resolve("ok")), 6, 3);
        assertEquals(6, resolve(ModelRequest.of(agreeing)).windowLength());
        assertTrue(resolve(ModelRequest.of(agreeing)).windowFrom().equals("card, agrees with the ONNX input"));
        msg = refused(ModelRequest.of(agreeing).withWindow(4));
        assertTrue(msg.contains("--window is 4") && msg.contains("static time dimension of 6"), msg);
    }

    @Test
    void aFeatureCountAgainstAStaticFeatureDimensionIsRefused(@TempDir Path dir) throws Exception {
        String msg = refused(ModelRequest.of(withStaticInput(dir, 6, 4)));
        assertTrue(msg.contains("declares 4 features per step but its first recurrent layer reads 3"), msg);
    }

    @Test
    void wrongCardFieldsSayWhatTheFieldMustBe(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.onnx");
        Files.copy(GOLDEN.resolve("gru1_tanh.onnx"), model);
        String[][] cases = {
                {"{\"window_length\": 6, \"std\": \"5.0\", \"mean\": [0, 0, 0]}", "`std` must be a list of 3 numbers, one per feature; got the string \"5.0\""},
                {"{\"window_length\": 6, \"class_names\": [\"a\", \"b\", \"c\", \"d\"]}", "`class_names` must be a list of 3 strings, one per class; got a list of 4 items"},
                {"{\"window_length\": 6, \"mean\": [0, 0], \"std\": [1, 1]}", "`mean` must be a list of 3 numbers, one per feature; got a list of 2 items"},
                {"{\"window_length\": \"five\"}", "`window_length` must be a whole number of steps, at least 1; got the string \"five\""},
                {"{\"window_length\": 6, \"feature_names\": [\"a\", \"b\", 3]}", "`feature_names` must be a list of 3 strings"},
                {"{\"window_length\": 6, \"mean\": [0, 0, 0]}", "needs both mean and std"},
        };
        for (String[] c : cases) {
            Files.writeString(dir.resolve("m.card.json"), c[0]);
            String msg = refused(ModelRequest.of(model));
            assertTrue(msg.contains(c[1]), c[0] + " -> " + msg);
            assertFalse(msg.contains("reference chain") || msg.contains("Cannot construct"), msg);
        }
    }

    @Test
    void commandLineCardFieldsAreCheckedToo() throws Exception {
        ModelRequest r = new ModelRequest(GOLDEN.resolve("lstm1_linear.onnx"), new ModelCard(Optional.empty(), Optional.empty(),
                Optional.of(List.of("x", "y")), Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty(), "--window", false,
                List.of());
        String msg = refused(r);
        assertTrue(msg.contains("names 2 classes [x, y] but the model has 3 outputs"), msg);
        ModelContract c = resolve(new ModelRequest(GOLDEN.resolve("lstm1_linear.onnx"), new ModelCard(Optional.empty(), Optional.empty(),
                Optional.of(List.of("x", "y", "z")), Optional.empty(), Optional.empty(), Optional.empty()), Optional.empty(), "--window",
                false, List.of()));
        assertEquals(List.of("metadata_props", "command line"), c.card().sources());
    }

    @Test
    void ensembleMembersThatDisagreeAreRefusedNamingBoth(@TempDir Path dir) throws Exception {
        Files.copy(GOLDEN.resolve("lstm1_linear.onnx"), dir.resolve("a.onnx"));
        Files.copy(GOLDEN.resolve("lstm1_linear.onnx"), dir.resolve("b.onnx"));
        Files.writeString(dir.resolve("b.card.json"), "{\"class_names\": [\"fall\", \"hold\", \"rise\"]}");
        String msg = refused(ModelRequest.of(dir));
        assertTrue(msg.contains("member b.onnx differs from a.onnx in its card's class_names ([fall, hold, rise] against [down, flat, up])"),
                msg);
    }

    @Test
    void aCsvHeaderInAnotherOrderIsReadByName(@TempDir Path dir) throws Exception {
        List<String> names = List.of("price", "volume", "spread");
        Path inOrder = dir.resolve("a.csv");
        Path shuffled = dir.resolve("b.csv");
        Files.writeString(inOrder, "series,ts,price,volume,spread\nA,1,1.5,20,0.1\nA,2,1.6,21,0.2\n");
        Files.writeString(shuffled, "series,ts,volume,spread,price\nA,1,20,0.1,1.5\nA,2,21,0.2,1.6\n");
        PointFileReader.Contents a = PointFileReader.read(inOrder, Optional.of(names));
        PointFileReader.Contents b = PointFileReader.read(shuffled, Optional.of(names));
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(a.points().get(i).values(), b.points().get(i).values());
        }
        assertTrue(b.columnsNote().contains("reordered"), b.columnsNote());
        Path wrong = dir.resolve("c.csv");
        Files.writeString(wrong, "series,ts,volume,prce,spread\nA,1,20,1.5,0.1\n");
        String msg = assertThrows(IllegalArgumentException.class, () -> PointFileReader.read(wrong, Optional.of(names))).getMessage();
        assertTrue(msg.contains("missing price") && msg.contains("unknown prce"), msg);
        Path headerless = dir.resolve("d.csv");
        Files.writeString(headerless, "A,1,1.5,20,0.1\n");
        assertArrayEquals(new double[] {1.5, 20, 0.1}, PointFileReader.read(headerless, Optional.of(names)).points().get(0).values());
    }
}
