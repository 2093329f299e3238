package io.brink.stream;

import io.brink.model.LoadedModel;
import io.brink.record.DeadLetterReason;
import io.brink.record.Json;
import io.brink.record.OutcomeRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads realized outcomes ({"series", "ts", "class"}, the class by name or index) and passes valid ones to
 * the outcome join; malformed outcomes, unknown classes and records whose key is not their series go to the
 * dead-letter topic.
 */
final class OutcomeIntakeProcessor implements Processor<String, byte[], String, Messages.OutcomeOutput> {

    static final String NAME = "outcomes";

    private final LoadedModel model;
    private final DeadLetters deadLetters;
    private ProcessorContext<String, Messages.OutcomeOutput> context;

    OutcomeIntakeProcessor(LoadedModel model, DeadLetters deadLetters) {
        this.model = model;
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, Messages.OutcomeOutput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        OutcomeRecord o;
        try {
            if (record.value() == null) {
                throw new IOException("empty record value");
            }
            o = Json.mapper().readValue(record.value(), OutcomeRecord.class);
            if (o.series() == null || o.label() == null) {
                throw new IOException("an outcome needs \"series\", \"ts\" and \"class\"");
            }
        } catch (IOException e) {
            deadLetters.send(context, record, DeadLetterReason.BAD_OUTCOME, "bad outcome: " + e.getMessage().split("\n")[0]);
            return;
        }
        Optional<Integer> actual = model.card().classIndex(o.label(), model.classifier().numClasses());
        if (actual.isEmpty()) {
            deadLetters.send(context, record, DeadLetterReason.UNKNOWN_CLASS, "unknown class " + DeadLetters.quote(o.label())
                    + " for model '" + model.name() + "'");
            return;
        }
        if (!o.series().equals(record.key())) {
            deadLetters.send(context, record, DeadLetterReason.KEY_MISMATCH, "outcomes must be keyed by their series id: key "
                    + DeadLetters.quote(record.key()) + ", series " + DeadLetters.quote(o.series()));
            return;
        }
        context.forward(record.withValue(new Messages.OutcomeArrived(o.series(), o.ts(), actual.get(), record)), OutcomeJoinProcessor.NAME);
    }
}
