package io.brink.stream;

import io.brink.record.Json;
import io.brink.config.PipelineConfig;
import io.brink.config.ConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The topology's processors through TopologyTestDriver: windowing, batching, tiers, alerts, outcomes, DLQ. */
class PipelineTopologyTest {

    static List<JsonNode> read(org.apache.kafka.streams.TestOutputTopic<String, String> topic, String schema) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (TestRecord<String, String> r : topic.readRecordsToList()) {
            Schemas.assertValid(schema, r.value());
            JsonNode n = Json.mapper().readTree(r.value());
            out.add(n);
        }
        return out;
    }

    /** Settings under which no window is selected for tier 1. */
    private static java.util.Properties tierZeroOnly(String... kv) {
        java.util.Properties p = PipelineFixture.settings("tier1.every", "0", "tier1.margin.below", "-1", "tier1.distance.below", "-1");
        p.putAll(PipelineFixture.settings(kv));
        return p;
    }

    @Test
    void windowsAreBatchedAndFlushedBySizeOrByPunctuation() throws Exception {
        try (PipelineFixture f = new PipelineFixture(tierZeroOnly("batch.size", "2", "batch.flush.ms", "100"))) {
            for (long t = 1; t <= 8; t++) {
                f.point("A", t);
            }
            // windows end at ts 6, 7, 8: two scored as a full batch, one still pending
            List<JsonNode> first = read(f.scores, "score");
            assertEquals(2, first.size());
            assertEquals(6, first.get(0).get("ts").asLong());
            assertEquals(0, first.get(0).get("window_seq").asLong());
            f.driver.advanceWallClockTime(Duration.ofMillis(150));
            List<JsonNode> rest = read(f.scores, "score");
            assertEquals(1, rest.size());
            assertEquals(8, rest.get(0).get("ts").asLong());
            assertEquals(2, rest.get(0).get("window_seq").asLong());
            assertEquals(0, f.driver.getKeyValueStore(ScoringProcessor.PENDING).approximateNumEntries());
        }
    }

    @Test
    void windowsTheEngineCannotScoreAreDeadLetteredWithTheReasonAndScoresNameTheModelVersion() throws Exception {
        LoadedModel sound = OnnxModelLoader.load(PipelineFixture.MODEL);
        // output weights of 1e39 overflow float32: every logit is infinite or NaN there
        LoadedModel huge = new LoadedModel(sound.name(), "test-huge", io.brink.engine.UnscorableWindowTest.scaledHead(
                (io.brink.model.SequenceClassifier) sound.classifier(), 1e39), sound.card());
        try (PipelineFixture f = new PipelineFixture(tierZeroOnly("batch.size", "1"), PipelineListener.NONE, huge,
                io.brink.engine.device.Precision.FLOAT32)) {
            for (long t = 1; t <= 7; t++) {
                f.point("A", t);
            }
            assertTrue(read(f.scores, "score").isEmpty(), "no score holds a NaN");
            List<JsonNode> dead = read(f.dlq, "dlq");
            assertEquals(2, dead.size(), "windows ending at ts 6 and 7");
            for (JsonNode n : dead) {
                assertEquals("unscorable", n.get("reason_code").asText());
                assertEquals("A", n.get("key").asText());
                assertTrue(n.get("reason").asText().matches("the window of series 'A' ending at ts [67] \\(window [01]\\) cannot be "
                        + "scored at tier 0: the model's logits are not finite .*"), n.get("reason").asText());
            }
        }
        try (PipelineFixture f = new PipelineFixture(tierZeroOnly("batch.size", "1"))) {
            for (long t = 1; t <= 6; t++) {
                f.point("A", t);
            }
            JsonNode score = read(f.scores, "score").get(0);
            assertEquals(sound.version(), score.get("model_version").asText());
            assertTrue(score.get("model_version").asText().matches("sha256:[0-9a-f]{16}"), score.toString());
        }
    }

    @Test
    void strideOutOfOrderGraceAndDuplicates() throws Exception {
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1", "window.stride", "2",
                "window.grace.ms", "5"))) {
            for (long t = 1; t <= 6; t++) {
                f.point("A", t);
            }
            f.point("A", 9);
            f.point("A", 8);   // out of order within grace: placed before 9, counts as a point
            f.point("A", 8);   // duplicate ts: replaces, no new window
            f.point("A", 2);   // more than 5 ms behind 9: late
            List<JsonNode> scores = read(f.scores, "score");
            // 6 points → no window yet at stride 2 (first window after point 6 counts from 6 points: window at 6)
            List<Long> ts = scores.stream().map(n -> n.get("ts").asLong()).toList();
            assertEquals(List.of(6L, 9L), ts, "a window every 2 points; the second ends at the latest ts");
            List<JsonNode> dead = read(f.dlq, "dlq");
            assertEquals(1, dead.size());
            assertTrue(dead.get(0).get("reason").asText().startsWith("late point"), dead.get(0).toString());
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirOriginalBytes() throws Exception {
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings())) {
            f.points.pipeInput("A", "{broken");
            f.points.pipeInput("B", "{\"series\":\"A\",\"ts\":1,\"values\":[1,2,3]}");
            f.points.pipeInput("A", "{\"series\":\"A\",\"ts\":1,\"values\":[1,2]}");
            f.outcomes.pipeInput("A", "{\"series\":\"A\",\"ts\":1,\"class\":\"sideways\"}");
            f.outcomes.pipeInput("A", "not json");
            List<JsonNode> dead = read(f.dlq, "dlq");
            assertEquals(5, dead.size());
            assertTrue(dead.get(0).get("reason").asText().contains("bad point"));
            assertEquals("{broken", new String(Base64.getDecoder().decode(dead.get(0).get("value_base64").asText()), StandardCharsets.UTF_8));
            assertEquals("brink.points", dead.get(0).get("source_topic").asText());
            assertEquals(0, dead.get(0).get("offset").asLong());
            assertEquals(1, dead.get(1).get("offset").asLong());
            assertTrue(dead.get(1).get("reason").asText().contains("keyed by their series"));
            assertTrue(dead.get(2).get("reason").asText().contains("has 2 values"));
            assertTrue(dead.get(3).get("reason").asText().contains("unknown class 'sideways'"));
            assertEquals("brink.outcomes", dead.get(3).get("source_topic").asText());
            assertTrue(dead.get(4).get("reason").asText().contains("bad outcome"));
            assertTrue(read(f.scores, "score").isEmpty());
        }
    }

    /**
     * Advances wall-clock time until {@code n} tier-1 records have come out. The fixture's backend runs tier-1
     * batches on the punctuating thread, so each punctuation collects the batch the previous one started.
     */
    static List<JsonNode> awaitTier1(PipelineFixture f, List<JsonNode> collected, int n) throws Exception {
        for (int i = 0; i < 100 && collected.stream().filter(x -> x.get("tier").asInt() == 1).count() < n; i++) {
            f.driver.advanceWallClockTime(Duration.ofMillis(100));
            collected.addAll(read(f.scores, "score"));
        }
        return collected;
    }

    @Test
    void aSeriesIdleForSeriesIdleMsLosesItsWindowAlertAndEigenvectorStateAndStartsAfresh() throws Exception {
        java.util.concurrent.atomic.AtomicInteger evicted = new java.util.concurrent.atomic.AtomicInteger();
        PipelineListener counting = new PipelineListener() {
            @Override
            public void seriesEvicted(String series) {
                assertEquals("A", series);
                evicted.incrementAndGet();
            }
        };
        // every window to tier 1 (eigenvector state), and an alert rule that every window breaches (alert state)
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1", "series.idle.ms", "100",
                "tier1.every", "1", "tier1.flush.ms", "50", "alert.rule.always.field", "window_seq", "alert.rule.always.above", "-1",
                "alert.rule.always.raise.after", "1"), counting, io.brink.onnx.OnnxModelLoader.load(PipelineFixture.MODEL),
                io.brink.engine.device.Precision.FLOAT64)) {
            for (long t = 1; t <= 6; t++) {
                f.point("A", t);
            }
            f.point("B", 50);     // B keeps the partition's clock at 50: A (latest ts 6) is 44 ms behind
            awaitTier1(f, new ArrayList<>(read(f.scores, "score")), 1);
            var windows = f.driver.<String, Object>getKeyValueStore(WindowingProcessor.STORE);
            var alerts = f.driver.<String, Object>getKeyValueStore(AlertProcessor.STORE);
            var eigenvectors = f.driver.<String, Object>getKeyValueStore(Tier1Processor.EIGENVECTORS);
            assertTrue(windows.get("A") != null && alerts.get("A") != null && eigenvectors.get("A") != null,
                    "A has state in all three stores");
            assertEquals(0, evicted.get(), "44 ms behind is not idle");
            List<JsonNode> raised = read(f.alerts, "alert");
            assertEquals(List.of("raised"), raised.stream().filter(a -> a.get("series").asText().equals("A"))
                    .map(a -> a.get("state").asText()).toList());

            f.point("B", 200);    // now A is 194 ms behind the partition's latest ts
            f.driver.advanceWallClockTime(Duration.ofMillis(150));
            assertEquals(1, evicted.get(), "A is evicted once");
            assertNull(windows.get("A"));
            assertNull(alerts.get("A"));
            assertNull(eigenvectors.get("A"));
            assertTrue(windows.get("B") != null, "B is not idle");
            List<JsonNode> idle = read(f.alerts, "alert").stream().filter(a -> a.get("series").asText().equals("A")).toList();
            assertEquals(1, idle.size(), "A's raised alert is resolved as the series goes idle: " + idle);
            assertEquals("resolved", idle.get(0).get("state").asText());
            assertEquals("series_idle", idle.get(0).get("cause").asText());
            assertEquals(6, idle.get(0).get("window_ts").asLong(), "the window that raised it");
            assertEquals(0, idle.get(0).get("values").size());

            read(f.scores, "score");
            for (long t = 201; t <= 205; t++) {
                f.point("A", t);
            }
            assertTrue(read(f.scores, "score").isEmpty(), "a returning series starts a new window: none before 6 points");
            f.point("A", 206);
            List<JsonNode> again = read(f.scores, "score");
            assertEquals(1, again.size());
            assertEquals(206, again.get(0).get("ts").asLong());
            assertEquals(0, again.get(0).get("window_seq").asLong(), "its windows are counted afresh");
        }
    }

    @Test
    void tierOneRunsOnFlaggedWindowsWithinTheBudget() throws Exception {
        // Every window is flagged (distance threshold huge), but the tier-1 queue holds 2 windows at most.
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "3", "tier1.distance.below", "1e9",
                "tier1.max.pending", "2", "tier1.every", "0", "tier1.flush.ms", "100"))) {
            for (long t = 1; t <= 11; t++) {
                f.point("A", t);
            }
            List<JsonNode> scores = awaitTier1(f, new ArrayList<>(read(f.scores, "score")), 2);
            f.driver.advanceWallClockTime(Duration.ofMillis(1000));
            scores.addAll(read(f.scores, "score"));
            List<JsonNode> tier0 = scores.stream().filter(n -> n.get("tier").asInt() == 0).toList();
            List<JsonNode> tier1 = scores.stream().filter(n -> n.get("tier").asInt() == 1).toList();
            assertEquals(6, tier0.size(), "every window gets tier 0");
            assertEquals(2, tier1.size(), "the budget allows 2 tier-1 windows");
            for (JsonNode n : tier0) {
                assertTrue(!n.has("curvature") && n.has("distance_linear") && n.has("entropy"), n.toString());
            }
            for (JsonNode n : tier1) {
                assertTrue(n.has("curvature") && n.has("distance_lower") && n.has("attack_distance"), n.toString());
            }
            // The most fragile windows of the first batch were chosen.
            List<JsonNode> firstBatch = tier0.subList(0, 3).stream()
                    .sorted(java.util.Comparator.comparingDouble(n -> n.get("distance_linear").asDouble())).toList();
            assertEquals(java.util.Set.of(firstBatch.get(0).get("window_seq").asLong(), firstBatch.get(1).get("window_seq").asLong()),
                    java.util.Set.of(tier1.get(0).get("window_seq").asLong(), tier1.get(1).get("window_seq").asLong()));
            assertEquals(0, f.driver.getKeyValueStore(Tier1Processor.PENDING).approximateNumEntries());
        }
    }

    @Test
    void everyNthWindowGetsTierOne() throws Exception {
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1", "tier1.distance.below", "-1",
                "tier1.margin.below", "-1", "tier1.every", "3", "tier1.flush.ms", "100"))) {
            for (long t = 1; t <= 12; t++) {
                f.point("A", t);
            }
            List<JsonNode> scores = awaitTier1(f, new ArrayList<>(read(f.scores, "score")), 3);
            List<Long> tier1 = scores.stream().filter(n -> n.get("tier").asInt() == 1).map(n -> n.get("window_seq").asLong())
                    .sorted().toList();
            assertEquals(List.of(0L, 3L, 6L), tier1);
            assertEquals(7, scores.stream().filter(n -> n.get("tier").asInt() == 0).count());
            assertTrue(f.dlq.isEmpty(), "tier-1 records go to the scores topic only");
        }
    }

    @Test
    void alertsHaveHysteresis() throws Exception {
        // window_seq below 5 breaches for windows 0-4: raised at the 3rd breach, resolved after 2 clear windows (seq 6).
        try (PipelineFixture f = new PipelineFixture(PipelineFixture.settings("batch.size", "1",
                "alert.rule.early.field", "window_seq", "alert.rule.early.below", "5", "alert.rule.early.raise.after", "3",
                "alert.rule.early.resolve.after", "2", "alert.rule.early.severity", "critical",
                "alert.rule.rising.field", "ts", "alert.rule.rising.above.percentile", "50", "alert.rule.rising.history", "10",
                "alert.rule.rising.min.history", "3", "alert.rule.rising.raise.after", "2"))) {
            for (long t = 1; t <= 15; t++) {
                f.point("A", t);
            }
            awaitTier1(f, new ArrayList<>(), 1);
            List<JsonNode> alerts = read(f.alerts, "alert");
            List<JsonNode> early = alerts.stream().filter(a -> a.get("rule").asText().equals("early")).toList();
            assertEquals(2, early.size(), alerts.toString());
            assertEquals("raised", early.get(0).get("state").asText());
            assertEquals(2, early.get(0).get("window_seq").asLong());
            assertEquals(List.of(0.0, 1.0, 2.0), Json.mapper().convertValue(early.get(0).get("values"), List.class));
            assertEquals("critical", early.get(0).get("severity").asText());
            assertEquals("resolved", early.get(1).get("state").asText());
            assertEquals(6, early.get(1).get("window_seq").asLong());
            // ts rises every window: above the running median from the 4th window on, raised at the 2nd breach (seq 4).
            List<JsonNode> rising = alerts.stream().filter(a -> a.get("rule").asText().equals("rising")).toList();
            assertEquals(1, rising.size());
            assertEquals(4, rising.get(0).get("window_seq").asLong());
            assertEquals("above percentile", rising.get(0).get("condition").asText());
        }
    }

    @Test
    void outcomesJoinPredictionsInEitherOrderAndFeedAccuracyByBucket() throws Exception {
        try (PipelineFixture f = new PipelineFixture(tierZeroOnly("batch.size", "1", "accuracy.buckets", "0.5,2"))) {
            f.outcomes.pipeInput("A", "{\"series\":\"A\",\"ts\":6,\"class\":\"up\"}");    // before its prediction
            for (long t = 1; t <= 8; t++) {
                f.point("A", t);
            }
            List<JsonNode> scores = read(f.scores, "score");
            assertEquals(3, scores.size());
            f.outcomes.pipeInput("A", "{\"series\":\"A\",\"ts\":7,\"class\":\"" + scores.get(1).get("predicted").asText() + "\"}");
            f.outcomes.pipeInput("A", "{\"series\":\"A\",\"ts\":8,\"class\":\"0\"}");
            var store = f.driver.<String, double[]>getKeyValueStore(AccuracyBook.ACCURACY);
            double[] overall = store.get(AccuracyBook.OVERALL);
            int expectedCorrect = (scores.get(0).get("predicted").asText().equals("up") ? 1 : 0) + 1
                    + (scores.get(2).get("predicted_index").asInt() == 0 ? 1 : 0);
            assertEquals(3, overall[0]);
            assertEquals(expectedCorrect, overall[1]);
            double bucketTotal = 0;
            PipelineConfig c = ConfigLoader.fromProperties(PipelineFixture.settings("accuracy.buckets", "0.5,2"));
            for (String b : c.accuracy().bucketNames()) {
                double[] v = store.get(b);
                bucketTotal += v == null ? 0 : v[0];
            }
            assertEquals(3, bucketTotal, "every joined window is counted in exactly one bucket");
            assertEquals(0, entries(f.driver.getWindowStore(AccuracyBook.PREDICTIONS)), "joined predictions are removed");
            assertEquals(0, entries(f.driver.getWindowStore(AccuracyBook.WAITING_OUTCOMES)), "joined outcomes are removed");
        }
    }

    @Test
    void predictionsExpireAfterTheirRetentionEvenWhenNoOutcomeEverArrives() throws Exception {
        try (PipelineFixture f = new PipelineFixture(tierZeroOnly("batch.size", "1", "predictions.retention.ms", "1000"))) {
            for (long t = 1; t <= 8; t++) {
                f.point("A", t);
            }
            int early = read(f.scores, "score").size();
            assertEquals(early, entries(f.driver.getWindowStore(AccuracyBook.PREDICTIONS)), "one prediction per window waits");
            for (long t = 200_001; t <= 200_008; t++) {   // event time moves on by far more than the retention
                f.point("A", t);
            }
            int late = read(f.scores, "score").size();
            assertEquals(late, entries(f.driver.getWindowStore(AccuracyBook.PREDICTIONS)),
                    "the early predictions are gone, the late ones wait");
            f.outcomes.pipeInput("A", "{\"series\":\"A\",\"ts\":8,\"class\":\"0\"}");   // its prediction has expired
            assertNull(f.driver.<String, double[]>getKeyValueStore(AccuracyBook.ACCURACY).get(AccuracyBook.OVERALL));
            List<JsonNode> dead = read(f.dlq, "dlq");
            assertEquals(1, dead.size(), "an outcome that can no longer join is not dropped silently");
            assertEquals("outcome_expired", dead.get(0).get("reason_code").asText());
            assertTrue(dead.get(0).get("reason").asText().contains("predictions.retention.ms=1000"));
            assertEquals(0, entries(f.driver.getWindowStore(AccuracyBook.WAITING_OUTCOMES)));
            f.outcomes.pipeInput("A", "{\"series\":\"A\",\"ts\":200008,\"class\":\"0\"}");
            assertEquals(1, f.driver.<String, double[]>getKeyValueStore(AccuracyBook.ACCURACY).get(AccuracyBook.OVERALL)[0]);
        }
    }

    private static int entries(org.apache.kafka.streams.state.WindowStore<String, String> store) {
        int n = 0;
        try (var it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
