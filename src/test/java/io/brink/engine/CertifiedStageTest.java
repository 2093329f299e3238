package io.brink.engine;

import io.brink.engine.stage.Certification;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.device.Precision;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.SequenceClassifier;
import io.brink.model.bounds.Certifier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The certified-radius stage in the engine, on 1,050 windows of an LSTM, a GRU and a tanh-RNN: every certificate lies
 * below the verified attack's distance (certified ≤ true distance ≤ attack), in L2 and L∞; most windows get a nonzero
 * one; an ensemble is certified through its head, below the attack's flips; sampling certifies a stable subset.
 */
class CertifiedStageTest {

    private static final int WINDOWS = 350;
    private static final int T = 6;
    private static final int D = 2;

    @Test
    void certificatesLieBelowTheAttacksFlipsOnAThousandWindows() {
        int proven = 0, nonzero = 0, flips = 0;
        CellType[] cells = {CellType.LSTM, CellType.GRU, CellType.RNN_TANH};
        for (int c = 0; c < cells.length; c++) {
            SequenceClassifier model = RandomModels.classifier(cells[c], c == 0 ? 2 : 1, D, 6, 3, Activation.TANH, 40 + c);
            double[] x = RandomModels.gaussian(new Random(c), WINDOWS * T * D, 0.8);
            try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
                BatchProfile p = engine.profile(new WindowBatch(x, WINDOWS, T, D),
                        ProfileOptions.builder().attack(100).certify(new Certifier.Settings(8, 0.05, 1)).build());
                for (WindowOutcome o : p.outcomes()) {
                    WindowProfile w = assertInstanceOf(WindowProfile.class, o, o.toString());
                    Certification.Proven cert = assertInstanceOf(Certification.Proven.class, w.certification());
                    proven++;
                    nonzero += cert.l2().radius() > 0 ? 1 : 0;
                    assertTrue(cert.linf().radius() <= cert.l2().radius() * Math.sqrt(T * D) * (1 + 1e-12),
                            "an L∞ certificate ρ implies nothing beyond ρ√D in L2... and the L2 search starts it");
                    if (w.attack() instanceof AttackOutcome.Flip f) {
                        flips++;
                        assertTrue(cert.l2().radius() <= f.distance(), cells[c] + ": certified " + cert.l2().radius()
                                + " above the attack's verified flip at " + f.distance());
                        assertTrue(cert.linf().radius() <= f.distance(), cells[c] + ": L∞ certificate above the L2 flip");
                    }
                }
            }
        }
        assertEquals(3 * WINDOWS, proven);
        assertTrue(flips > WINDOWS, "the attack flips most windows: " + flips);
        assertTrue(nonzero >= 0.9 * proven, "nonzero certificates on " + nonzero + " of " + proven + " windows");
    }

    /** Graph models (bidirectional, mean and max pooled, attention, conv front end, LayerNorm, GELU; PyTorch exports, T = 6, d = 3), 200 windows each. */
    @Test
    void onGraphModelsCertificatesLieBelowTheAttacksFlips() throws Exception {
        int proven = 0, nonzero = 0, flips = 0;
        for (String name : List.of("graph_bilstm_out", "graph_bilstm_hn", "graph_mean_pool", "graph_max_pool", "graph_attention",
                "graph_conv_lstm", "graph_layernorm17", "graph_gelu_head")) {
            LoadedModel model = io.brink.onnx.OnnxModelLoader.load(java.nio.file.Path.of("src/test/resources/golden-graph", name + ".onnx"));
            assertInstanceOf(io.brink.model.graph.Graph.class, model.classifier(), name);
            int n = 200, steps = 6, d = 3;
            double[] x = RandomModels.gaussian(new Random(name.hashCode()), n * steps * d, 1.0);
            try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
                BatchProfile p = engine.profile(new WindowBatch(x, n, steps, d),
                        ProfileOptions.builder().attack(100).certify(new Certifier.Settings(8, 0.05, 1)).build());
                for (WindowOutcome o : p.outcomes()) {
                    WindowProfile w = assertInstanceOf(WindowProfile.class, o, o.toString());
                    Certification.Proven cert = assertInstanceOf(Certification.Proven.class, w.certification(), name);
                    proven++;
                    nonzero += cert.l2().radius() > 0 ? 1 : 0;
                    if (w.attack() instanceof AttackOutcome.Flip f) {
                        flips++;
                        assertTrue(cert.l2().radius() <= f.distance(), name + ": certified " + cert.l2().radius()
                                + " above the attack's verified flip at " + f.distance());
                    }
                }
            }
        }
        assertTrue(flips > 400, "the attack flips most windows: " + flips);
        assertTrue(nonzero >= 0.9 * proven, "nonzero certificates on " + nonzero + " of " + proven + " windows");
    }

    @Test
    void aGraphOpWithoutABoundRuleIsRefusedWithTheNode() throws Exception {
        LoadedModel model = io.brink.onnx.OnnxModelLoader.load(java.nio.file.Path.of("src/test/resources/golden-graph/graph_logsoftmax_head.onnx"));
        try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            BatchProfile p = engine.profile(new WindowBatch(RandomModels.gaussian(new Random(3), 2 * 6 * 3, 1), 2, 6, 3),
                    ProfileOptions.builder().certify(Certifier.Settings.defaults()).build());
            Certification c = ((WindowProfile) p.outcomes().get(0)).certification();
            assertTrue(c instanceof Certification.Refused r && r.reason().contains("(LogSoftmax)"), c.toString());
        }
    }

    @Test
    void anEnsembleIsCertifiedThroughItsHeadBelowTheAttacksFlips() {
        SequenceClassifier a = RandomModels.classifier(CellType.GRU, 1, D, 4, 3, Activation.IDENTITY, 1);
        SequenceClassifier b = RandomModels.classifier(CellType.LSTM, 1, D, 4, 3, Activation.TANH, 2);
        LoadedModel ensemble = new LoadedModel("e", "1", List.of(a, b), ModelCard.empty());
        int n = 150, nonzero = 0, flips = 0;
        try (RobustnessEngine engine = new RobustnessEngine(ensemble, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            BatchProfile p = engine.profile(new WindowBatch(RandomModels.gaussian(new Random(3), n * T * D, 0.8), n, T, D),
                    ProfileOptions.builder().attack(100).certify(Certifier.Settings.defaults()).build());
            for (WindowOutcome o : p.outcomes()) {
                WindowProfile w = assertInstanceOf(WindowProfile.class, o, o.toString());
                Certification.Proven cert = assertInstanceOf(Certification.Proven.class, w.certification());
                nonzero += cert.l2().radius() > 0 ? 1 : 0;
                if (w.attack() instanceof AttackOutcome.Flip f) {
                    flips++;
                    assertTrue(cert.l2().radius() <= f.distance(), "ensemble: certified " + cert.l2().radius()
                            + " above the attack's verified flip at " + f.distance());
                }
            }
        }
        assertTrue(flips > n / 2, "the attack flips most windows: " + flips);
        // Sound but loose: each member is bounded apart, and p_j is bounded only through z_k − z_j (89 of 150 when measured).
        assertTrue(nonzero >= 0.5 * n, "nonzero certificates on " + nonzero + " of " + n + " windows");
    }

    @Test
    void samplingCertifiesTheSameWindowsHoweverTheyAreBatched() {
        SequenceClassifier model = RandomModels.classifier(CellType.RNN_TANH, 1, D, 4, 3, Activation.IDENTITY, 9);
        int n = 60;
        double[] x = RandomModels.gaussian(new Random(4), n * T * D, 1);
        ProfileOptions o = ProfileOptions.builder().certify(new Certifier.Settings(4, 0.1, 5)).build();
        try (RobustnessEngine engine = new RobustnessEngine(model, new EngineOptions(Precision.FLOAT64, 1, 1))) {
            List<WindowOutcome> all = engine.profile(new WindowBatch(x, n, T, D), o).outcomes();
            int sampled = 0;
            for (int r = 0; r < n; r++) {
                double[] one = java.util.Arrays.copyOfRange(x, r * T * D, (r + 1) * T * D);
                Certification alone = ((WindowProfile) engine.profile(new WindowBatch(one, 1, T, D), o).outcomes().get(0)).certification();
                Certification inBatch = ((WindowProfile) all.get(r)).certification();
                assertEquals(alone instanceof Certification.Proven, inBatch instanceof Certification.Proven, "window " + r);
                sampled += inBatch instanceof Certification.Proven ? 1 : 0;
            }
            assertTrue(sampled > 3 && sampled < 25, "about one in five certified: " + sampled);
        }
    }
}
