package io.brink.reload;

import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.UnscorableWindowTest;
import io.brink.engine.WindowBatch;
import io.brink.engine.device.Precision;
import io.brink.metrics.BrinkMetrics;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.ModelEvent;
import io.brink.stream.EnginePool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation of new model versions, and the reloader's watch, swap and refusal, on real files and a real engine pool. */
class ModelReloadTest {

    static final Path GOLDEN = Path.of("src/test/resources/golden");

    static LoadedModel golden(String name) throws Exception {
        return OnnxModelLoader.load(GOLDEN.resolve(name + ".onnx"));
    }

    static String refusal(LoadedModel serving, LoadedModel candidate) {
        return new ModelValidator(6, Precision.FLOAT64).refusal(serving, candidate, Optional.empty()).orElse("accepted");
    }

    @Test
    void aVersionWithAnotherShapeClassesCardOrNormalizationIsRefusedAndASoundOneAccepted() throws Exception {
        LoadedModel serving = golden("lstm1_linear");
        assertEquals("accepted", refusal(serving, golden("gru2_softmax")), "another architecture with the same signature and card");
        LoadedModel fourFeatures = new LoadedModel("m", "v", io.brink.engine.RandomModels.classifier(CellType.LSTM, 1, 4, 8, 3,
                Activation.IDENTITY, 1), ModelCard.empty());
        assertEquals("it takes 4 features per step; the serving version takes 3", refusal(serving, fourFeatures));
        LoadedModel twoClasses = new LoadedModel("m", "v", io.brink.engine.RandomModels.classifier(CellType.GRU, 1, 3, 8, 2,
                Activation.IDENTITY, 1), ModelCard.empty());
        assertEquals("it has 2 classes; the serving version has 3", refusal(serving, twoClasses));
        assertTrue(refusal(serving, serving.withCard(ModelCard.ofWindowLength(9))).startsWith("its card says window_length 9"));
        LoadedModel unnamed = golden("gru1_tanh");   // its card names no classes
        assertEquals("its class names (none) differ from the serving version's [down, flat, up]", refusal(serving, unnamed));
        LoadedModel renormalized = serving.withCard(new ModelCard(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new double[] {0, 0, 0}), Optional.of(new double[] {1, 1, 1}), Optional.empty()));
        assertTrue(refusal(serving, renormalized).startsWith("its normalization (mean, std) differs"), refusal(serving, renormalized));
        LoadedModel overflowing = new LoadedModel("m", "v", UnscorableWindowTest.scaledHead((io.brink.model.SequenceClassifier) serving.classifier(), 1e39),
                serving.card());
        assertTrue(new ModelValidator(6, Precision.FLOAT32).refusal(serving, overflowing, Optional.empty()).orElse("accepted")
                .startsWith("the smoke forward on a stored window failed: the model's logits are not finite"));
    }

    /** Replaces {@code target} by {@code source}'s bytes with a rename, as a deployment should. */
    static void replace(Path target, byte[] bytes) throws Exception {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // make the change visible to a file system with coarse modification times
        Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
    }

    @Test
    void theReloaderSwapsInAValidVersionRefusesABrokenOneAndTellsEverySink(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.onnx");
        Files.copy(GOLDEN.resolve("lstm1_linear.onnx"), file);
        LoadedModel first = OnnxModelLoader.load(file);
        List<ModelEvent> events = new ArrayList<>();
        BrinkMetrics metrics = new BrinkMetrics(first.name());
        metrics.modelServing(first.version());
        WindowBatch window = new WindowBatch(new double[18], 1, 6, 3);
        try (EnginePool pool = new EnginePool(first, new EngineOptions(Precision.FLOAT64, 1, 1), Runnable::run);
             ModelReloader reloader = new ModelReloader(file, () -> OnnxModelLoader.load(file), pool, new ModelValidator(6, Precision.FLOAT64),
                     List.of(events::add, metrics::modelEvent))) {
            assertEquals(Optional.empty(), reloader.check(), "nothing changed");

            replace(file, "not a model".getBytes());
            assertEquals(Optional.empty(), reloader.check(), "a change is read once it has held still for one check");
            ModelEvent refused = reloader.check().orElseThrow();
            assertEquals(ModelEvent.Result.REFUSED, refused.result());
            assertTrue(refused.reason().orElseThrow().startsWith("cannot read it: cannot parse"), refused.toString());
            assertEquals(first.version(), refused.serving());
            assertEquals(first.version(), pool.score(window, ProfileOptions.firstOrder()).model().version(), "the old version serves on");

            byte[] gru = Files.readAllBytes(GOLDEN.resolve("gru2_softmax.onnx"));
            replace(file, gru);
            reloader.check();
            ModelEvent accepted = reloader.check().orElseThrow();
            assertEquals(ModelEvent.Result.ACCEPTED, accepted.result(), accepted.toString());
            String second = accepted.candidate().orElseThrow();
            assertNotEquals(first.version(), second);
            assertEquals(second, accepted.serving());
            assertEquals(first.version(), accepted.previous());
            assertEquals(second, pool.model().version());
            assertEquals(second, pool.score(window, ProfileOptions.firstOrder()).model().version(), "new batches use the new version");
            assertEquals(OnnxModelLoader.load(GOLDEN.resolve("gru2_softmax.onnx")).version().length(), second.length());

            replace(file, gru);   // the same bytes again: no event
            reloader.check();
            assertEquals(Optional.empty(), reloader.check());
            assertEquals(List.of(refused, accepted), events, "every sink got each event once");
            String scrape = metrics.scrape();
            assertTrue(scrape.contains("brink_model_reloads_total{model=\"model\",result=\"refused\"} 1.0"), scrape);
            assertTrue(scrape.contains("brink_model_reloads_total{model=\"model\",result=\"accepted\"} 1.0"), scrape);
            assertTrue(scrape.contains("brink_model_info{model=\"model\",version=\"" + second + "\"} 1\n"), scrape);
            assertTrue(!scrape.contains("version=\"" + first.version() + "\""), "one version series at a time");
        }
    }

    @Test
    void anEnsembleIsReloadedWhenAMemberChanges(@TempDir Path dir) throws Exception {
        Files.copy(GOLDEN.resolve("lstm1_linear.onnx"), dir.resolve("a.onnx"));
        Files.copy(GOLDEN.resolve("gru2_softmax.onnx"), dir.resolve("b.onnx"));
        Path manifest = dir.resolve("ens.json");
        Files.writeString(manifest, "{\"members\": [\"a.onnx\", \"b.onnx\"]}");
        LoadedModel first = OnnxModelLoader.load(manifest);
        WindowBatch window = new WindowBatch(new double[18], 1, 6, 3);
        try (EnginePool pool = new EnginePool(first, new EngineOptions(Precision.FLOAT64, 1, 1), Runnable::run);
             ModelReloader reloader = new ModelReloader(manifest, () -> OnnxModelLoader.load(manifest), pool, new ModelValidator(6, Precision.FLOAT64),
                     List.of())) {
            assertEquals(Optional.empty(), reloader.check(), "nothing changed");
            replace(dir.resolve("b.onnx"), Files.readAllBytes(GOLDEN.resolve("lstm2_relu.onnx")));
            Files.copy(GOLDEN.resolve("lstm2_relu.json"), dir.resolve("b.json"));
            reloader.check();
            ModelEvent accepted = reloader.check().orElseThrow();
            assertEquals(ModelEvent.Result.ACCEPTED, accepted.result(), accepted.toString());
            assertNotEquals(first.version(), accepted.serving(), "a member's new bytes make a new version");
            assertEquals(2, pool.model().members().size());
            assertEquals("ensemble", pool.score(window, ProfileOptions.firstOrder()).outcomes().stream()
                    .map(o -> ((io.brink.engine.WindowProfile) o).spread().method()).findFirst().orElseThrow());
        }
    }
}
