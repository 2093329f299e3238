package io.brink.stream;

import io.brink.calibration.Labelled;
import io.brink.calibration.FullSetBudget;
import io.brink.calibration.SetRule;
import io.brink.config.CalibrationPolicy;
import io.brink.config.Batching;
import io.brink.config.Tier1Policy;
import io.brink.engine.ProfileOptions;
import io.brink.engine.WindowOutcome;
import io.brink.engine.WindowProfile;
import io.brink.record.CalibrationEvent;
import io.brink.record.ScoreMapper;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import io.brink.window.Window;
import io.brink.window.WindowBatcher;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tier 0: scores every window (prediction, probabilities, entropy and the uncertainty split, margin, gradient norm,
 * linear distance, and the conformal prediction set by the model's latest set rule: every class until one arrives) on
 * the stream thread, in batches across series. Each window first waits in a changelogged pending queue; a
 * batch is scored when {@code batch.size} windows wait or when the flush punctuation fires, and the windows
 * leave the queue in the same transaction that writes their scores. The scores go to the scores topic, the
 * alert rules and the outcome join, the batch's prediction confidences to the calibration processor; the windows
 * {@link Tier1Selector} picks go to the tier-1 processor. A
 * window the engine cannot score (a NaN or infinite result) goes to the dead-letter topic with the reason.
 */
final class ScoringProcessor implements Processor<String, Messages.ScoringInput, String, Messages.ScoringOutput> {

    static final String NAME = "scoring";
    static final String PENDING = "brink-pending";

    private final ScoringBackend backend;
    private final DeadLetters deadLetters;
    private final Batching batching;
    private final Tier1Selector selector;
    private final PipelineListener listener;
    private final List<String> scoreChildren;
    private ProcessorContext<String, Messages.ScoringOutput> context;
    private PendingQueue pending;
    private KeyValueStore<String, String> rules;
    private final CalibrationPolicy calibration;
    /** Per model, the full-set budget of the sets this task gives (in memory: a restart begins with an empty one). */
    private final Map<String, FullSetBudget> budgets = new HashMap<>();

    /** Scores go to the children named {@code scoreChildren}; tier-1 requests to {@link Tier1Processor#NAME}. */
    ScoringProcessor(ScoringBackend backend, Batching batching, Tier1Policy tier1, CalibrationPolicy calibration,
                     PipelineListener listener, DeadLetters deadLetters, List<String> scoreChildren) {
        this.calibration = calibration;
        this.backend = backend;
        this.deadLetters = deadLetters;
        this.batching = batching;
        this.selector = new Tier1Selector(tier1);
        this.listener = listener;
        this.scoreChildren = List.copyOf(scoreChildren);
    }

    @Override
    public void init(ProcessorContext<String, Messages.ScoringOutput> context) {
        this.context = context;
        rules = context.getStateStore(CalibrationRulesProcessor.STORE);
        pending = new PendingQueue(context.getStateStore(PENDING));
        context.schedule(Duration.ofMillis(batching.flushMs()), PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, Messages.ScoringInput> record) {
        if (record.value() instanceof Messages.SeriesGone gone) {
            Record<String, Messages.ScoringOutput> out = record.withValue(gone);
            context.forward(out, Tier1Processor.NAME);
            context.forward(out, AlertProcessor.NAME);
            return;
        }
        pending.add(((Messages.WindowReady) record.value()).window());
        if (pending.size() >= batching.size()) {
            flush();
        }
    }

    /** Scores every pending window, in batches of at most batch.size. */
    void flush() {
        while (true) {
            List<Window> batch = pending.peek(batching.size());
            if (batch.isEmpty()) {
                return;
            }
            score(batch);
            pending.remove(batch);
        }
    }

    private void score(List<Window> batch) {
        long start = System.nanoTime();
        BatchResult result = backend.score(WindowBatcher.batch(batch), ProfileOptions.firstOrder());
        List<Tier1Selector.Candidate> candidates = new ArrayList<>(batch.size());
        List<Window> scored = new ArrayList<>(batch.size());
        SetRule rule = CalibrationRulesProcessor.rule(rules, result.model().name()).orElse(SetRule.all());
        FullSetBudget budget = budgets.computeIfAbsent(result.model().name(), m -> calibration.settings().newBudget());
        double[] confidences = new double[batch.size()];
        int predictions = 0;
        for (int i = 0; i < batch.size(); i++) {
            Window w = batch.get(i);
            if (result.outcomes().get(i) instanceof WindowOutcome.Unscorable u) {
                deadLetters.unscorable(context, w, Tier.ZERO, u.reason());
                continue;
            }
            WindowProfile p = (WindowProfile) result.outcomes().get(i);
            ScoreRecord rec = ScoreMapper.map(w.series(), w.ts(), w.seq(), result.model(), Tier.ZERO, p, false);
            rec = rec.withPredictionSet(budget.give(rule, rec.probabilities()).stream().map(result.model().card()::className).toList());
            Record<String, Messages.ScoringOutput> out = new Record<>(w.series(), new Messages.Scored(rec),
                    context.currentSystemTimeMs());
            for (String child : scoreChildren) {
                context.forward(out, child);
            }
            listener.scored(rec);
            confidences[predictions++] = Labelled.confidenceOf(rec.probabilities());
            candidates.add(new Tier1Selector.Candidate(w.seq(), p.margin(), p.distances().linear()));
            scored.add(w);
        }
        if (predictions > 0) {
            // One event per batch, in the batch's transaction: the label-free accuracy estimate sees every prediction once.
            CalibrationEvent e = CalibrationEvent.predicted(result.model().name(), result.model().version(),
                    Arrays.copyOf(confidences, predictions));
            context.forward(new Record<>(e.model(), new Messages.Calibrating(e), context.currentSystemTimeMs()),
                    OutcomeJoinProcessor.CALIBRATION_SINK);
        }
        for (int i : selector.select(candidates)) {
            Window w = scored.get(i);
            context.forward(new Record<>(w.series(), new Messages.Tier1Request(w), context.currentSystemTimeMs()),
                    Tier1Processor.NAME);
        }
        listener.tier0Scored(batch.size(), System.nanoTime() - start);
    }
}
