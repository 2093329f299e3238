package io.brink.engine;

import io.brink.engine.device.Precision;
import io.brink.model.DenseLayer;
import io.brink.model.LoadedModel;
import io.brink.model.SequenceClassifier;
import io.brink.onnx.OnnxModelLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's own guard: a window whose results come out NaN or infinite gets an explicit reason instead of
 * a profile, and does not disturb the other windows of its batch.
 */
public class UnscorableWindowTest {

    static final Path MODEL = Path.of("src/test/resources/golden/lstm1_linear.onnx");

    /** The model with its output layer's weights multiplied by {@code factor}. */
    public static SequenceClassifier scaledHead(SequenceClassifier m, double factor) {
        List<DenseLayer> head = new ArrayList<>(m.head());
        DenseLayer last = head.get(head.size() - 1);
        double[] w = last.weight().clone();
        for (int i = 0; i < w.length; i++) {
            w[i] *= factor;
        }
        head.set(head.size() - 1, new DenseLayer(last.inputSize(), last.outputSize(), w, last.bias(), last.activation()));
        return new SequenceClassifier(m.recurrent(), head);
    }

    static double[] windows(int n, int size, long seed) {
        Random rnd = new Random(seed);
        double[] v = new double[n * size];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    @Test
    void aWindowWithNaNOrInfinityGetsAReasonAndTheOthersTheirOwnProfile() throws Exception {
        LoadedModel model = OnnxModelLoader.load(MODEL);
        int T = model.card().windowLength().orElseThrow(), d = model.classifier().inputSize(), size = T * d;
        double[] v = windows(4, size, 11);
        v[size + 5] = Double.NaN;
        v[3 * size] = Double.POSITIVE_INFINITY;
        ProfileOptions o = ProfileOptions.builder().curvature(new io.brink.engine.algorithm.Lanczos.Settings(1e-6, 40, false))
                .attack(20).build();
        try (RobustnessEngine engine = new RobustnessEngine(model.classifier(), new EngineOptions(Precision.FLOAT64, 1, 1))) {
            BatchProfile mixed = engine.profile(new WindowBatch(v, 4, T, d), o);
            assertEquals(4, mixed.outcomes().size());
            for (int r : new int[] {1, 3}) {
                WindowOutcome.Unscorable u = assertInstanceOf(WindowOutcome.Unscorable.class, mixed.outcomes().get(r));
                assertTrue(u.reason().startsWith("the window holds a non-finite value"), u.reason());
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, mixed::windows);
            assertTrue(e.getMessage().startsWith("window 1 cannot be scored: the window holds a non-finite value (NaN at step 1, feature 2)"), e.getMessage());
            for (int r : new int[] {0, 2}) {
                WindowProfile inBatch = assertInstanceOf(WindowProfile.class, mixed.outcomes().get(r));
                WindowProfile alone = engine.profile(new WindowBatch(Arrays.copyOfRange(v, r * size, (r + 1) * size), 1, T, d), o)
                        .windows().get(0);
                assertEquals(alone.margin(), inBatch.margin(), 1e-12);
                assertEquals(alone.gradientNorm(), inBatch.gradientNorm(), 1e-12);
                assertEquals(alone.curvature().orElseThrow().eigenvalue(), inBatch.curvature().orElseThrow().eigenvalue(),
                        1e-6 * Math.abs(alone.curvature().orElseThrow().eigenvalue()) + 1e-9);
                assertTrue(inBatch.nonFinite().isEmpty());
            }
        }
    }

    @Test
    void weightsBeyondFloat32OverflowThereAndEveryWindowSaysSo() throws Exception {
        LoadedModel model = OnnxModelLoader.load(MODEL);
        int T = model.card().windowLength().orElseThrow(), d = model.classifier().inputSize();
        SequenceClassifier huge = scaledHead((SequenceClassifier) model.classifier(), 1e39);   // finite in float64, infinite as float32
        WindowBatch batch = new WindowBatch(windows(3, T * d, 12), 3, T, d);
        try (RobustnessEngine f32 = new RobustnessEngine(huge, new EngineOptions(Precision.FLOAT32, 1, 1));
             RobustnessEngine f64 = new RobustnessEngine(huge, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            for (WindowOutcome w : f32.profile(batch, ProfileOptions.full()).outcomes()) {
                WindowOutcome.Unscorable u = assertInstanceOf(WindowOutcome.Unscorable.class, w);
                assertTrue(u.reason().contains("not finite"), u.reason());
            }
            for (WindowProfile p : f64.profile(batch, ProfileOptions.firstOrder()).windows()) {
                assertTrue(p.nonFinite().isEmpty() && Double.isFinite(p.margin()) && p.margin() > 1e30, "float64 holds it: " + p.margin());
            }
        }
    }
}
