package io.brink.stream;

import io.brink.calibration.Labelled;
import io.brink.calibration.ModelCalibration;
import io.brink.config.CalibrationPolicy;
import io.brink.record.CalibrationEvent;
import io.brink.record.CalibrationRecord;
import io.brink.record.Json;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The calibration processor alone on a MockProcessorContext (Kafka's WordCountProcessorTest style): its record equals
 * a {@link ModelCalibration} fed the same events; a processor started again on the same store (a restarted instance)
 * rebuilds exactly that state; the store holds only the rolling windows' entries; a record it cannot read is left out.
 */
class CalibrationProcessorTest {

    static final CalibrationPolicy POLICY = new CalibrationPolicy(50, 0.1, 0.05, 30, 40, 1000, 1000, 7);

    static byte[] json(CalibrationEvent e) throws Exception {
        return Json.mapper().writeValueAsBytes(e);
    }

    static CalibrationRecord punctuate(MockProcessorContext<String, CalibrationRecord> context, long now) {
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(now);
        List<MockProcessorContext.CapturedForward<? extends String, ? extends CalibrationRecord>> out = context.forwarded();
        assertEquals(1, out.size(), "one record per model with news");
        assertEquals(CalibrationProcessor.SINK, out.get(0).childName().orElseThrow());
        return out.get(0).record().value();
    }

    static String withoutTs(CalibrationRecord r) throws Exception {
        return Json.mapper().writeValueAsString(new CalibrationRecord(r.model(), r.modelVersion(), 0, r.labelled(), r.predictions(),
                r.estimatedAccuracy(), r.rolling(), r.total(), r.conformal()));
    }

    @Test
    void theRecordMatchesTheSameEventsFedDirectlyAndSurvivesARestart() throws Exception {
        MockProcessorContext<String, CalibrationRecord> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        KeyValueStore<String, String> store = Tier1ProcessorTest.store(context, CalibrationProcessor.STORE, Serdes.String());
        CalibrationProcessor p = new CalibrationProcessor(POLICY, PipelineListener.NONE);
        p.init(context);
        ModelCalibration reference = new ModelCalibration(POLICY.settings());
        Random rnd = new Random(5);
        for (int i = 0; i < 300; i++) {
            double a = rnd.nextDouble();
            double b = rnd.nextDouble() * (1 - a);
            double[] probs = {a, b, 1 - a - b};
            p.process(new Record<>("m", json(CalibrationEvent.predicted("m", "v1", new double[] {Labelled.confidenceOf(probs)})), i));
            reference.predicted(Labelled.confidenceOf(probs));
            if (i % 3 != 0) {
                int y = rnd.nextInt(3);
                List<Integer> set = reference.rule().apply(probs);
                p.process(new Record<>("m", json(CalibrationEvent.labelled("m", "v1", probs, y, set.contains(y), set.size())), i));
                reference.labelled(probs, y, set);
            }
        }
        p.process(new Record<>("m", "{not json".getBytes(), 0));
        CalibrationRecord live = punctuate(context, 1000);
        assertEquals(withoutTs(CalibrationRecord.of("m", "v1", 0, reference)), withoutTs(live));
        assertEquals(200, live.labelled());
        assertEquals(300, live.predictions());

        int labelEntries = 0;
        int predictionEntries = 0;
        try (KeyValueIterator<String, String> it = store.all()) {
            while (it.hasNext()) {
                String k = it.next().key;
                labelEntries += k.startsWith("m|L|") ? 1 : 0;
                predictionEntries += k.startsWith("m|P|") ? 1 : 0;
            }
        }
        assertEquals(Math.max(POLICY.window(), POLICY.conformalWindow()), labelEntries, "only the rolling window's labelled windows");
        assertEquals(POLICY.estimateWindow(), predictionEntries, "only the estimate window's predictions");

        MockProcessorContext<String, CalibrationRecord> restarted = new MockProcessorContext<>();
        store.init(restarted.getStateStoreContext(), store);
        CalibrationProcessor again = new CalibrationProcessor(POLICY, PipelineListener.NONE);
        again.init(restarted);
        assertEquals(withoutTs(live), withoutTs(punctuate(restarted, 2000)), "the restarted processor rebuilds the same state");
        // and goes on from it like the original would
        double[] probs = {0.7, 0.2, 0.1};
        List<Integer> set = reference.rule().apply(probs);
        again.process(new Record<>("m", json(CalibrationEvent.labelled("m", "v2", probs, 0, set.contains(0), set.size())), 0));
        reference.labelled(probs, 0, set);
        CalibrationRecord next = punctuate(restarted, 3000);
        assertEquals(withoutTs(CalibrationRecord.of("m", "v2", 0, reference)), withoutTs(next));
        assertEquals(live.labelled() + 1, next.labelled());
    }

    @Test
    void aRecordIsAlsoWrittenAfterEveryPublishEveryLabelledWindows() throws Exception {
        MockProcessorContext<String, CalibrationRecord> context = new MockProcessorContext<>();
        Tier1ProcessorTest.store(context, CalibrationProcessor.STORE, Serdes.String());
        context.setCurrentSystemTimeMs(0);
        CalibrationProcessor p = new CalibrationProcessor(new CalibrationPolicy(50, 0.1, 0.05, 30, 40, 60_000, 10, 7),
                PipelineListener.NONE);
        p.init(context);
        for (int i = 0; i < 25; i++) {
            p.process(new Record<>("m", json(CalibrationEvent.labelled("m", "v1", new double[] {0.6, 0.3, 0.1}, i % 3, true, 3)), i));
        }
        assertEquals(2, context.forwarded().size(), "after the 10th and the 20th labelled window");
        assertEquals(20, context.forwarded().get(1).record().value().labelled());
    }
}
