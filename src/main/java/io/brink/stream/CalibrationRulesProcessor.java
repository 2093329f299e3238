package io.brink.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.calibration.SetRule;
import io.brink.record.Json;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * Keeps every instance's global store of conformal set rules, one per model, from the calibration topic: the rule of
 * each model's latest calibration record. Tier-0 scoring reads it to give each window its prediction set.
 */
final class CalibrationRulesProcessor implements Processor<String, byte[], Void, Void> {

    static final String NAME = "calibration-rules";
    static final String SOURCE = "calibration-rules-source";
    static final String STORE = "brink-calibration-rules";
    private static final Logger LOG = LoggerFactory.getLogger(CalibrationRulesProcessor.class);

    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        try {
            JsonNode rule = Json.mapper().readTree(record.value()).path("conformal").path("rule");
            if (rule.isMissingNode()) {
                LOG.warn("calibration record of {} has no conformal rule; the last rule stays", record.key());
                return;
            }
            SetRule parsed = Json.mapper().treeToValue(rule, SetRule.class);
            store.put(record.key(), Json.mapper().writeValueAsString(parsed));
        } catch (IOException | RuntimeException e) {
            LOG.warn("calibration record of {} cannot be read ({}); the last rule stays", record.key(), e.getMessage());
        }
    }

    /** The rule for {@code model} in {@code store}, if one arrived. */
    static Optional<SetRule> rule(KeyValueStore<String, String> store, String model) {
        String json = store.get(model);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(json, SetRule.class));
        } catch (IOException e) {
            throw new IllegalStateException("stored set rule cannot be read: " + e.getMessage(), e);
        }
    }
}
