package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Live calibration through the topology: tier-0 predictions and their outcomes go from the join through the
 * calibration-events topic to the calibration processor; its periodic record (schema-checked) reports accuracy, NLL,
 * Brier and coverage of exactly the joined windows, and once it is out, later windows' prediction sets follow its rule.
 */
class CalibrationTopologyTest {

    @Test
    void outcomesCalibrateTheModelAndTheSetsFollowTheRule() throws Exception {
        java.util.Properties p = PipelineFixture.settings("tier1.every", "0", "tier1.margin.below", "-1", "tier1.distance.below", "-1",
                "batch.size", "1", "calibration.interval.ms", "1000", "conformal.gamma", "0.05");
        try (PipelineFixture f = new PipelineFixture(p)) {
            TestOutputTopic<String, String> calibration = f.driver.createOutputTopic("brink.calibration", new StringDeserializer(),
                    new StringDeserializer());
            for (long t = 1; t <= 60; t++) {
                for (String s : List.of("A", "B", "C")) {
                    f.point(s, t);
                }
            }
            List<JsonNode> scores = PipelineTopologyTest.read(f.scores, "score");
            assertTrue(scores.size() > 100, "windows scored: " + scores.size());
            for (JsonNode s : scores) {
                assertEquals(3, s.get("prediction_set").size(), "before any calibration record every class is in the set");
                assertEquals("single", s.get("uncertainty_method").asText());
            }
            // Outcomes: the predicted class for two windows in three, the next class for the third.
            double nll = 0;
            int correct = 0;
            int n = 0;
            for (JsonNode s : scores) {
                int k = s.get("predicted_index").asInt();
                int y = n % 3 == 2 ? (k + 1) % 3 : k;
                f.outcomes.pipeInput(s.get("series").asText(), "{\"series\":\"" + s.get("series").asText() + "\",\"ts\":"
                        + s.get("ts").asLong() + ",\"class\":" + y + "}");
                nll += -Math.log(Math.max(s.get("probabilities").get(y).asDouble(), 1e-12));
                correct += y == k ? 1 : 0;
                n++;
            }
            f.driver.advanceWallClockTime(Duration.ofMillis(1500));
            List<JsonNode> records = PipelineTopologyTest.read(calibration, "calibration");
            assertFalse(records.isEmpty(), "a calibration record is written every calibration.interval.ms");
            JsonNode r = records.get(records.size() - 1);
            assertEquals("lstm1_linear", r.get("model").asText());
            assertEquals(n, r.get("labelled").asLong());
            assertEquals(n, r.get("predictions").asLong());
            assertEquals((double) correct / n, r.get("total").get("accuracy").asDouble(), 1e-12);
            assertEquals(nll / n, r.get("total").get("nll").asDouble(), 1e-9);
            assertEquals(1.0, r.get("conformal").get("coverage").asDouble(), "every set held every class so far");
            assertEquals(3.0, r.get("conformal").get("mean_set_size").asDouble());
            assertTrue(r.get("conformal").get("offset").asDouble() < 0, "full coverage pushes the offset down: "
                    + r.get("conformal"));
            assertEquals(1.0, r.get("conformal").get("full_set_share").asDouble(), "every set so far held every class");
            assertTrue(r.has("estimated_accuracy"));
            JsonNode rule = r.get("conformal").get("rule");

            for (long t = 61; t <= 70; t++) {
                f.point("A", t);
            }
            List<JsonNode> later = PipelineTopologyTest.read(f.scores, "score");
            assertFalse(later.isEmpty());
            for (JsonNode s : later) {
                List<String> expected = new ArrayList<>();
                int top = s.get("predicted_index").asInt();
                for (int c = 0; c < 3; c++) {
                    double pc = s.get("probabilities").get(c).asDouble();
                    double score = 1 - pc;
                    boolean last = true;
                    for (int k = 0; k < 3; k++) {
                        last &= s.get("probabilities").get(k).asDouble() >= pc;
                    }
                    // PENALIZED: −ln p of the class, plus full_penalty_nats for the least likely class, against threshold_nats
                    double nats = -Math.log(Math.max(pc, 1e-12)) + (last ? rule.path("full_penalty_nats").asDouble() : 0);
                    if (c == top || rule.get("kind").asText().equals("ALL")
                            || (rule.get("kind").asText().equals("THRESHOLD") && score <= rule.get("threshold").asDouble())
                            || (rule.get("kind").asText().equals("PENALIZED") && nats <= rule.get("threshold_nats").asDouble())) {
                        expected.add(f.model.card().className(c));
                    }
                }
                List<String> got = new ArrayList<>();
                s.get("prediction_set").forEach(v -> got.add(v.asText()));
                assertEquals(expected, got, "the set follows the latest rule " + rule);
                assertEquals(got.size() == 3, s.get("prediction_set_full").asBoolean());
            }
            Map<String, Integer> sizes = new HashMap<>();
            later.forEach(s -> sizes.merge(String.valueOf(s.get("prediction_set").size()), 1, Integer::sum));
            assertTrue(rule.get("kind").asText().equals("PENALIZED"), "with outcomes the rule is a (penalized) threshold: " + rule);
        }
    }

    /**
     * The scorers apply the abstention budget: outcomes that are always the least likely class drive the penalized rule to
     * full sets for most windows (the realized classes' scores sit at the least likely class's, so the 0.9 quantile passes
     * most of them); with conformal.full.budget 0.1 over 10 sets at most one set in ten stays full (the rest lose their
     * least likely class, never the top one).
     */
    @Test
    void theScorersCutFullSetsToTheirBudget() throws Exception {
        List<JsonNode> capped = afterLeastLikelyOutcomes("0.1");
        List<JsonNode> free = afterLeastLikelyOutcomes("1");
        assertTrue(free.size() >= 60 && capped.size() == free.size(), free.size() + " / " + capped.size());
        long freeFull = free.stream().filter(s -> s.get("prediction_set_full").asBoolean()).count();
        assertTrue(freeFull >= 0.8 * free.size(), "without a budget most sets are full: " + freeFull + " of " + free.size());
        int full = 0;
        for (int i = 0; i < capped.size(); i++) {
            JsonNode s = capped.get(i);
            full += s.get("prediction_set_full").asBoolean() ? 1 : 0;
            List<String> got = new ArrayList<>();
            s.get("prediction_set").forEach(v -> got.add(v.asText()));
            assertTrue(got.contains(s.get("predicted").asText()), "the top class stays: " + s);
            assertTrue(got.size() >= 2, "a cut set loses one class only: " + s);
        }
        assertTrue(full >= 1 && full <= capped.size() / 10 + 1, full + " full sets of " + capped.size());
    }

    private static List<JsonNode> afterLeastLikelyOutcomes(String budget) throws Exception {
        java.util.Properties p = PipelineFixture.settings("tier1.every", "0", "tier1.margin.below", "-1", "tier1.distance.below", "-1",
                "batch.size", "1", "calibration.interval.ms", "1000", "conformal.full.budget", budget,
                "conformal.full.budget.window", "10");
        try (PipelineFixture f = new PipelineFixture(p)) {
            for (long t = 1; t <= 60; t++) {
                for (String s : List.of("A", "B", "C")) {
                    f.point(s, t);
                }
            }
            for (JsonNode s : PipelineTopologyTest.read(f.scores, "score")) {
                int low = 0;
                for (int c = 1; c < 3; c++) {
                    low = s.get("probabilities").get(c).asDouble() < s.get("probabilities").get(low).asDouble() ? c : low;
                }
                f.outcomes.pipeInput(s.get("series").asText(), "{\"series\":\"" + s.get("series").asText() + "\",\"ts\":"
                        + s.get("ts").asLong() + ",\"class\":" + low + "}");
            }
            f.driver.advanceWallClockTime(Duration.ofMillis(1500));
            for (long t = 61; t <= 90; t++) {
                for (String s : List.of("A", "B", "C")) {
                    f.point(s, t);
                }
            }
            return PipelineTopologyTest.read(f.scores, "score");
        }
    }

    @Test
    void anEnsembleScoresWithItsSpreadAndAlertsCanUseIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path golden = java.nio.file.Path.of("src/test/resources/golden").toAbsolutePath();
        java.nio.file.Path manifest = dir.resolve("ens.json");
        java.nio.file.Files.writeString(manifest, "{\"members\": [\"" + golden.resolve("lstm1_linear.onnx") + "\", \""
                + golden.resolve("gru2_softmax.onnx") + "\", \"" + golden.resolve("lstm2_relu.onnx") + "\"]}");
        io.brink.model.LoadedModel ensemble = io.brink.onnx.OnnxModelLoader.load(manifest);
        java.util.Properties p = PipelineFixture.settings("tier1.every", "0", "tier1.margin.below", "-1", "tier1.distance.below", "-1",
                "batch.size", "1", "alert.rule.epistemic.field", "mutual_information", "alert.rule.epistemic.above", "0.001",
                "alert.rule.epistemic.raise.after", "1", "alert.rule.epistemic.severity", "info");
        try (PipelineFixture f = new PipelineFixture(p, PipelineListener.NONE, ensemble, io.brink.engine.device.Precision.FLOAT64)) {
            for (long t = 1; t <= 20; t++) {
                f.point("A", t);
            }
            List<JsonNode> scores = PipelineTopologyTest.read(f.scores, "score");
            assertEquals(15, scores.size());
            for (JsonNode s : scores) {
                assertEquals("ensemble", s.get("uncertainty_method").asText());
                assertEquals(3, s.get("members").asInt());
                double h = s.get("entropy").asDouble();
                assertEquals(h - s.get("expected_entropy").asDouble(), s.get("mutual_information").asDouble(), 1e-12);
                assertEquals(3, s.get("probability_std").size());
            }
            List<JsonNode> alerts = PipelineTopologyTest.read(f.alerts, "alert");
            assertFalse(alerts.isEmpty(), "a rule on mutual_information raises like any other");
            assertEquals("mutual_information", alerts.get(0).get("field").asText());
            assertEquals("raised", alerts.get(0).get("state").asText());
        }
    }
}
