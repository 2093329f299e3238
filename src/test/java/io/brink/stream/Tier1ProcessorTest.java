package io.brink.stream;

import io.brink.config.Batching;
import io.brink.config.Tier1Policy;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import io.brink.engine.stage.OptionValues;
import io.brink.engine.stage.StageOption;
import io.brink.engine.stage.StageSettings;
import io.brink.engine.stage.Stages;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import io.brink.window.Window;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import io.brink.config.DeadLetterLimits;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tier-1 processor alone, on a MockProcessorContext with in-memory stores and a backend that runs batches on
 * the punctuating thread: the budget, the batch trigger, collection at the next punctuation, and the series'
 * eigenvector kept for the next window's warm start.
 */
class Tier1ProcessorTest {

    static <V> KeyValueStore<String, V> store(MockProcessorContext<?, ?> context, String name,
                                               org.apache.kafka.common.serialization.Serde<V> serde) {
        KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        s.init(context.getStateStoreContext(), s);
        return s;
    }

    /** A wall-clock punctuation at {@code now}, with the context's clock moved there too. */
    static void punctuate(Tier1Processor p, MockProcessorContext<?, ?> context, long now) {
        context.setCurrentSystemTimeMs(now);
        p.punctuate(now);
    }

    @Test
    void queuesWithinTheBudgetAndForwardsTierOneRecordsAtTheNextPunctuation() throws Exception {
        LoadedModel model = OnnxModelLoader.load(PipelineFixture.MODEL);
        int T = model.card().windowLength().orElseThrow();
        int d = model.classifier().inputSize();
        // budget 3, batches of 2, flush after 1 s of waiting
        Tier1Policy policy = new Tier1Policy(0.5, 0.25, 0, 3, 2, 1000, Tier1Policy.Overflow.SKIP, stages(Map.of("attack.steps", 20)));
        MockProcessorContext<String, Messages.Tier1Output> context = contextWithStores();
        KeyValueStore<String, Window> pending = context.getStateStore(Tier1Processor.PENDING);
        KeyValueStore<String, double[]> eigenvectors = context.getStateStore(Tier1Processor.EIGENVECTORS);
        try (EnginePool backend = new EnginePool(model, new EngineOptions(Precision.FLOAT64, 1, 1), Runnable::run)) {
            AtomicInteger skipped = new AtomicInteger();
            Tier1Processor p = new Tier1Processor(backend, policy, new Batching(16, 100), counting(skipped),
                    new DeadLetters(new DeadLetterLimits(65536, 1024), PipelineListener.NONE));
            p.init(context);
            Random rnd = new Random(3);
            for (int seq = 0; seq < 5; seq++) {
                p.process(request(rnd, seq, T, d));
            }
            assertEquals(3, pending.approximateNumEntries(), "the budget admits 3 of 5 requests");
            assertEquals(2, skipped.get(), "the 2 over the budget are counted as skipped");
            assertEquals(1, context.scheduledPunctuators().size());
            punctuate(p, context, 10);      // 3 wait >= batch size 2: a batch of 2 starts (and, on this executor, finishes)
            assertTrue(scores(context).isEmpty(), "a batch is collected at the punctuation after it started");
            punctuate(p, context, 20);      // collects 2; 1 waits, for less than tier1.flush.ms
            assertEquals(2, scores(context).size());
            for (var f : scores(context)) {
                ScoreRecord s = ((Messages.Scored) f.record().value()).score();
                assertEquals(Tier.ONE, s.tier());
                assertTrue(s.curvature().isPresent() && s.attackDistance().isPresent(), s.toString());
            }
            assertNotNull(eigenvectors.get("A"), "the series' eigenvector is kept for its next window");
            assertEquals(T * d, eigenvectors.get("A").length);
            context.resetForwards();
            punctuate(p, context, 500);
            punctuate(p, context, 600);
            assertTrue(scores(context).isEmpty(), "one window waits for tier1.flush.ms");
            punctuate(p, context, 1100);    // waited since 20 ms: started
            punctuate(p, context, 1200);    // collected
            assertEquals(List.of(2L), scores(context).stream().map(f -> ((Messages.Scored) f.record().value()).score().windowSeq()).toList());
            assertEquals(0, pending.approximateNumEntries(), "every queued window left the queue with its record");
        }
    }

    @Test
    void aSampledTierOneWindowCarriesItsCertifiedRadiusBelowItsAttackDistance() throws Exception {
        LoadedModel model = OnnxModelLoader.load(PipelineFixture.MODEL);
        int T = model.card().windowLength().orElseThrow();
        int d = model.classifier().inputSize();
        // every tier-1 window certified (every = 1), 4 passes; Hutchinson and PGD, off in tier 1 by default, turned on
        Tier1Policy policy = new Tier1Policy(0.5, 0.25, 0, 8, 4, 1000, Tier1Policy.Overflow.SKIP, stages(Map.of("attack.steps", 20,
                "certify.every", 1, "certify.passes", 4, "hutchinson.probes", 4, "pgd.radii", "0.5,2")));
        MockProcessorContext<String, Messages.Tier1Output> context = contextWithStores();
        try (EnginePool backend = new EnginePool(model, new EngineOptions(Precision.FLOAT64, 1, 1), Runnable::run)) {
            Tier1Processor p = started(backend, policy, context);
            Random rnd = new Random(5);
            for (int seq = 0; seq < 4; seq++) {
                p.process(request(rnd, seq, T, d));
            }
            punctuate(p, context, 10);
            punctuate(p, context, 20);
            assertEquals(4, scores(context).size());
            for (var f : scores(context)) {
                ScoreRecord s = ((Messages.Scored) f.record().value()).score();
                assertTrue(s.certifiedRadius().isPresent() && s.certifiedMethod().isPresent(), "every window certified at every = 1: " + s);
                s.attackFlipDistance().ifPresent(a -> assertTrue(s.certifiedRadius().getAsDouble() <= a, "certified above the flip: " + s));
                assertTrue(s.hessianFrobenius().isPresent(), "tier1.hutchinson.probes = 4 runs Hutchinson: " + s);
                assertEquals(2, s.pgd().orElseThrow().size(), "tier1.pgd.radii = 0.5,2 runs PGD at two radii: " + s);
            }
        }
    }

    /** Tier 1's stage settings: the stream defaults of the stages' options, with {@code values} (by option key) in their place. */
    static StageSettings stages(Map<String, Object> values) {
        return Stages.settings(OptionValues.of(Stages.options(), o -> values.get(o.key()), true, StageOption::key));
    }

    /** A context at time 0 holding the processor's two stores. */
    static MockProcessorContext<String, Messages.Tier1Output> contextWithStores() {
        MockProcessorContext<String, Messages.Tier1Output> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(0);
        store(context, Tier1Processor.PENDING, StateSerdes.window());
        store(context, Tier1Processor.EIGENVECTORS, StateSerdes.doubles());
        return context;
    }

    /** A processor on {@code backend}, initialized on {@code context}. */
    static Tier1Processor started(EnginePool backend, Tier1Policy policy, MockProcessorContext<String, Messages.Tier1Output> context) {
        Tier1Processor p = new Tier1Processor(backend, policy, new Batching(16, 100), PipelineListener.NONE,
                new DeadLetters(new DeadLetterLimits(65536, 1024), PipelineListener.NONE));
        p.init(context);
        return p;
    }

    /** A tier-1 request for window {@code seq} of series A, with Gaussian values. */
    static Record<String, Messages.Tier1Input> request(Random rnd, int seq, int T, int d) {
        double[] v = new double[T * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return new Record<>("A", new Messages.Tier1Request(new Window("A", 100 + seq, seq, T, d, v)), 0L);
    }

    /** What was forwarded to the scores sink (each record goes to the alert rules too). */
    static List<MockProcessorContext.CapturedForward<? extends String, ? extends Messages.Tier1Output>> scores(
            MockProcessorContext<String, Messages.Tier1Output> context) {
        return context.forwarded().stream().filter(f -> f.childName().equals(java.util.Optional.of(BrinkTopology.SCORES_SINK))).toList();
    }

    static PipelineListener counting(AtomicInteger skipped) {
        return new PipelineListener() {
            @Override
            public void tier1Skipped() {
                skipped.incrementAndGet();
            }
        };
    }

    @Test
    void aFullQueueMakesTheStreamThreadWaitWhenOverflowIsWaitAndSkipsNothing() throws Exception {
        LoadedModel model = OnnxModelLoader.load(PipelineFixture.MODEL);
        int T = model.card().windowLength().orElseThrow();
        int d = model.classifier().inputSize();
        // budget 3, batches of 2, wait on overflow
        Tier1Policy policy = new Tier1Policy(0.5, 0.25, 0, 3, 2, 1000, Tier1Policy.Overflow.WAIT, stages(Map.of("attack.steps", 20)));
        MockProcessorContext<String, Messages.Tier1Output> context = contextWithStores();
        KeyValueStore<String, Window> pending = context.getStateStore(Tier1Processor.PENDING);
        try (EnginePool backend = new EnginePool(model, new EngineOptions(Precision.FLOAT64, 1, 1), Runnable::run)) {
            AtomicInteger skipped = new AtomicInteger();
            Tier1Processor p = new Tier1Processor(backend, policy, new Batching(16, 100), counting(skipped),
                    new DeadLetters(new DeadLetterLimits(65536, 1024), PipelineListener.NONE));
            p.init(context);
            Random rnd = new Random(4);
            for (int seq = 0; seq < 7; seq++) {
                p.process(request(rnd, seq, T, d));
                assertTrue(pending.approximateNumEntries() <= 3, "the queue never exceeds its budget");
            }
            assertEquals(0, skipped.get(), "nothing is skipped under backpressure");
            assertEquals(4, scores(context).size(), "two batches of 2 were run and collected on the stream thread to make room");
            punctuate(p, context, 2000);   // starts the rest (3 waiting >= batch 2): 2
            punctuate(p, context, 2100);   // collects them; 1 waits
            punctuate(p, context, 3200);   // flush: starts the last
            punctuate(p, context, 3300);   // collects it
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L),
                    scores(context).stream().map(f -> ((Messages.Scored) f.record().value()).score().windowSeq()).sorted().toList(),
                    "every selected window is scored exactly once");
            assertEquals(0, pending.approximateNumEntries());
        }
    }
}
