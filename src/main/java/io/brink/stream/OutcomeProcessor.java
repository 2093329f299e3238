package io.brink.stream;

import io.brink.model.LoadedModel;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;

/**
 * Joins realized outcomes to stored predictions by (series, ts) and keeps running accuracy overall and
 * per robustness bucket. Malformed outcomes, unknown classes and outcomes whose prediction has already
 * expired go to the dead-letter topic.
 */
final class OutcomeProcessor implements Processor<String, byte[], String, Object> {

    static final String NAME = "outcomes";

    private final LoadedModel model;
    private final PipelineListener listener;
    private final long retentionMs;
    private ProcessorContext<String, Object> context;
    private AccuracyBook book;

    OutcomeProcessor(LoadedModel model, long retentionMs, PipelineListener listener) {
        this.model = model;
        this.retentionMs = retentionMs;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        book = AccuracyBook.of(context, retentionMs);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        OutcomeRecord o;
        try {
            if (record.value() == null) {
                throw new IOException("empty record value");
            }
            o = JsonSerde.MAPPER.readValue(record.value(), OutcomeRecord.class);
            if (o.series() == null || o.label() == null) {
                throw new IOException("an outcome needs \"series\", \"ts\" and \"class\"");
            }
        } catch (IOException e) {
            DeadLetters.send(context, record, DeadLetterReason.BAD_OUTCOME, "bad outcome: " + e.getMessage().split("\n")[0], listener);
            return;
        }
        int actual = classIndex(o.label());
        if (actual < 0) {
            DeadLetters.send(context, record, DeadLetterReason.UNKNOWN_CLASS, "unknown class '" + o.label() + "' for model '" + model.name() + "'", listener);
            return;
        }
        if (!o.series().equals(record.key())) {
            DeadLetters.send(context, record, DeadLetterReason.KEY_MISMATCH, "outcomes must be keyed by their series id: key '" + record.key()
                    + "', series '" + o.series() + "'", listener);
            return;
        }
        if (book.outcome(o.series(), o.ts(), actual, listener) == AccuracyBook.OutcomeFate.EXPIRED) {
            DeadLetters.send(context, record, DeadLetterReason.OUTCOME_EXPIRED, "outcome for ts " + o.ts()
                    + " arrived after its prediction expired: predictions are kept predictions.retention.ms=" + retentionMs
                    + " behind the latest prediction of this partition", listener);
        }
    }

    private int classIndex(String label) {
        var names = model.card().classNames();
        if (names != null && names.contains(label)) {
            return names.indexOf(label);
        }
        try {
            int k = Integer.parseInt(label.trim());
            return k >= 0 && k < model.classifier().numClasses() ? k : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
