package io.brink.onnx;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.model.UncertaintyMethod;
import io.brink.record.Json;
import io.brink.record.ScoreMapper;
import io.brink.record.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ensemble is one model wherever a model is named: a manifest (members relative to it, card fields beside them) or a
 * directory of members; members that do not read or mean the same inputs are refused with a reason; its version covers
 * every file; and an ensemble of one scores bit for bit like its member's file.
 */
class EnsembleLoadingTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden").toAbsolutePath();

    @Test
    void aManifestAndADirectoryLoadTheSameEnsemble(@TempDir Path dir) throws Exception {
        Path members = Files.createDirectory(dir.resolve("members"));
        for (String m : List.of("lstm1_linear", "lstm2_relu", "gru2_softmax")) {
            Files.copy(GOLDEN.resolve(m + ".onnx"), members.resolve(m + ".onnx"));
        }
        Files.copy(GOLDEN.resolve("lstm2_relu.json"), members.resolve("lstm2_relu.json"));
        Path manifest = dir.resolve("ens.json");
        Files.writeString(manifest, "{\"members\": [\"members/gru2_softmax.onnx\", \"members/lstm1_linear.onnx\", "
                + "\"members/lstm2_relu.onnx\"], \"class_names\": [\"fall\", \"hold\", \"rise\"]}");
        LoadedModel fromManifest = OnnxModelLoader.load(manifest);
        LoadedModel fromDirectory = OnnxModelLoader.load(members);
        assertEquals("ens", fromManifest.name());
        assertEquals(3, fromManifest.members().size());
        assertEquals(new UncertaintyMethod.Ensemble(3), fromManifest.uncertainty());
        assertEquals(List.of("fall", "hold", "rise"), fromManifest.card().classNames().orElseThrow(), "the manifest's card fields win");
        assertEquals(List.of("down", "flat", "up"), fromDirectory.card().classNames().orElseThrow());
        assertEquals(6, fromDirectory.card().windowLength().orElseThrow());
        assertEquals(5, OnnxModelLoader.files(manifest).size(), "the manifest, three members and the card beside lstm2_relu");
        Files.writeString(manifest, Files.readString(manifest).replace("rise", "up"));
        assertNotEquals(fromManifest.version(), OnnxModelLoader.load(manifest).version(), "the version covers the manifest");
    }

    @Test
    void membersThatDoNotMeanTheSameInputsAreRefused(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("ens.json");
        Files.writeString(manifest, "{\"members\": [\"" + GOLDEN.resolve("lstm1_linear.onnx") + "\", \"" + GOLDEN.resolve("gru1_tanh.onnx")
                + "\"]}");
        String msg = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(manifest)).getMessage();
        assertTrue(msg.contains("gru1_tanh.onnx differs from lstm1_linear.onnx in its card's class_names"), msg);
        Files.writeString(manifest, "{\"members\": []}");
        msg = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(manifest)).getMessage();
        assertTrue(msg.contains("needs {\"members\""), msg);
        Files.writeString(manifest, "{\"members\": [\"missing.onnx\"]}");
        msg = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(manifest)).getMessage();
        assertTrue(msg.contains("model file not found") && msg.contains("missing.onnx"), msg);
        Files.writeString(manifest, "{\"members\": [\"" + GOLDEN.resolve("lstm1_linear.onnx") + "\"], \"uncertainty\": "
                + "{\"method\": \"mc_dropout\", \"rate\": 0.2, \"layers\": [3]}}");
        msg = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(manifest)).getMessage();
        assertTrue(msg.contains("mc_dropout layer 3 does not exist"), msg);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        msg = assertThrows(UnsupportedModelException.class, () -> OnnxModelLoader.load(empty)).getMessage();
        assertTrue(msg.contains("holds no .onnx files"), msg);
    }

    @Test
    void anEnsembleOfOneScoresBitForBitLikeItsMember(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("one.json");
        Files.writeString(manifest, "{\"members\": [\"" + GOLDEN.resolve("lstm2_relu.onnx") + "\"]}");
        LoadedModel one = OnnxModelLoader.load(manifest);
        LoadedModel file = OnnxModelLoader.load(GOLDEN.resolve("lstm2_relu.onnx"));
        assertEquals(new UncertaintyMethod.Single(), one.uncertainty());
        double[] x = new double[5 * 6 * 3];
        Random rnd = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        try (RobustnessEngine a = new RobustnessEngine(one, new EngineOptions(Precision.FLOAT32, 1, 1));
             RobustnessEngine b = new RobustnessEngine(file, new EngineOptions(Precision.FLOAT32, 1, 1))) {
            List<WindowProfile> pa = a.profile(new WindowBatch(x, 5, 6, 3), ProfileOptions.full()).windows();
            List<WindowProfile> pb = b.profile(new WindowBatch(x, 5, 6, 3), ProfileOptions.full()).windows();
            for (int n = 0; n < 5; n++) {
                assertEquals(Json.mapper().writeValueAsString(ScoreMapper.map("s", n, n, file, Tier.ONE, pb.get(n), true)),
                        Json.mapper().writeValueAsString(ScoreMapper.map("s", n, n, file, Tier.ONE, pa.get(n), true)));
            }
        }
    }
}
