package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.config.AlertRule;
import io.brink.record.AlertRecord;
import io.brink.record.Json;
import io.brink.record.ScoreRecord;
import io.brink.record.Tier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the alert rules on every score, per series, with hysteresis, and emits one record per
 * state change (raised, resolved). A rule on a tier-0 field is judged on tier-0 records, a rule on a
 * tier-1 field on tier-1 records, so each window counts once. Rule state (counters, recent values, percentile history) lives in a
 * persistent store keyed by series.
 */
final class AlertProcessor implements Processor<String, Messages.AlertInput, String, AlertRecord> {

    static final String NAME = "alerting";
    static final String STORE = "brink-alert-state";

    /** Per series: for each rule, its state. */
    public static final class SeriesAlerts {
        public Map<String, RuleState> rules = new HashMap<>();
    }

    /** State of one rule for one series. */
    public static final class RuleState {
        public boolean raised;
        /** The window that last changed the state, and the threshold then: for a resolution by idleness. */
        public long changedTs;
        public long changedSeq;
        public double changedThreshold;
        public int breaches;
        public int clears;
        public ArrayDeque<Double> recent = new ArrayDeque<>();
        public ArrayDeque<Double> history = new ArrayDeque<>();
    }

    /** Fields every tier-0 record has. */
    static final java.util.Set<String> TIER0_FIELDS = java.util.Set.of("ts", "window_seq", "tier", "predicted_index",
            "margin", "entropy", "gradient_norm", "distance_linear", "expected_entropy", "mutual_information", "disagreement",
            "members");

    private final List<AlertRule> rules;
    private final String model;
    private final PipelineListener listener;
    private ProcessorContext<String, AlertRecord> context;
    private KeyValueStore<String, SeriesAlerts> store;

    AlertProcessor(List<AlertRule> rules, String model, PipelineListener listener) {
        this.rules = rules;
        this.model = model;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, AlertRecord> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Messages.AlertInput> record) {
        if (record.value() instanceof Messages.SeriesGone gone) {
            resolveIdle(gone.series());
            store.delete(gone.series());
            return;
        }
        ScoreRecord score = ((Messages.Scored) record.value()).score();
        JsonNode fields = Json.mapper().valueToTree(score);
        SeriesAlerts alerts = store.get(score.series());
        if (alerts == null) {
            alerts = new SeriesAlerts();
        }
        for (AlertRule rule : rules) {
            JsonNode v = fields.get(rule.field());
            // A tier-1 record repeats the tier-0 fields of its window: judge those only once, on tier 0.
            if (v == null || !v.isNumber() || (score.tier() == Tier.ONE && TIER0_FIELDS.contains(rule.field()))) {
                continue;
            }
            RuleState s = alerts.rules.computeIfAbsent(rule.name(), k -> new RuleState());
            evaluate(rule, s, v.asDouble(), score);
        }
        store.put(score.series(), alerts);
    }

    private void evaluate(AlertRule rule, RuleState s, double value, ScoreRecord score) {
        double threshold = rule.threshold();
        Boolean breach;
        if (rule.condition().relative()) {
            if (s.history.size() >= rule.minHistory()) {
                threshold = percentile(s.history, rule.threshold());
                breach = rule.condition() == AlertRule.Condition.BELOW_PERCENTILE ? value < threshold : value > threshold;
            } else {
                breach = null;
            }
            s.history.addLast(value);
            while (s.history.size() > rule.history()) {
                s.history.removeFirst();
            }
        } else {
            breach = rule.condition() == AlertRule.Condition.BELOW ? value < threshold : value > threshold;
        }
        if (breach == null) {
            return;
        }
        int keep = Math.max(rule.raiseAfter(), rule.resolveAfter());
        s.recent.addLast(value);
        while (s.recent.size() > keep) {
            s.recent.removeFirst();
        }
        if (breach) {
            s.breaches++;
            s.clears = 0;
            if (!s.raised && s.breaches >= rule.raiseAfter()) {
                s.raised = true;
                s.changedTs = score.ts();
                s.changedSeq = score.windowSeq();
                s.changedThreshold = threshold;
                emit("raised", rule, threshold, last(s.recent, rule.raiseAfter()), score);
            }
        } else {
            s.clears++;
            s.breaches = 0;
            if (s.raised && s.clears >= rule.resolveAfter()) {
                s.raised = false;
                emit("resolved", rule, threshold, last(s.recent, rule.resolveAfter()), score);
            }
        }
    }

    private void emit(String state, AlertRule rule, double threshold, List<Double> values, ScoreRecord score) {
        send(state, rule, score.series(), threshold, values, score.ts(), score.windowSeq(), null);
    }

    /** Writes one alert state change and tells the listener. */
    private void send(String state, AlertRule rule, String series, double threshold, List<Double> values, long windowTs,
                      long windowSeq, String cause) {
        AlertRecord a = new AlertRecord(state, rule.severity(), series, model, rule.name(), rule.field(), rule.condition().text(),
                threshold, values, windowTs, windowSeq, context.currentSystemTimeMs(), cause);
        context.forward(new Record<>(series, a, context.currentSystemTimeMs()));
        listener.alert(a);
    }

    /** A series going idle resolves its raised alerts (cause series_idle), so that none stays raised for ever. */
    private void resolveIdle(String series) {
        SeriesAlerts alerts = store.get(series);
        if (alerts == null) {
            return;
        }
        for (AlertRule rule : rules) {
            RuleState s = alerts.rules.get(rule.name());
            if (s != null && s.raised) {
                send("resolved", rule, series, s.changedThreshold, List.of(), s.changedTs, s.changedSeq, AlertRecord.SERIES_IDLE);
            }
        }
    }

    private static List<Double> last(ArrayDeque<Double> recent, int n) {
        List<Double> all = new ArrayList<>(recent);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The p-th percentile (0–100) by linear interpolation between order statistics. */
    static double percentile(ArrayDeque<Double> values, double p) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        double pos = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }
}
