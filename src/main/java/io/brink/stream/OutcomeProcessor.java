package io.brink.stream;

import io.brink.model.LoadedModel;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.io.IOException;
import java.time.Duration;

/**
 * Joins realized outcomes to stored predictions by (series, ts) and keeps running accuracy overall and
 * per robustness bucket. Malformed outcomes and unknown classes go to the dead-letter topic.
 */
final class OutcomeProcessor implements Processor<String, byte[], String, Object> {

    static final String NAME = "outcomes";

    private final LoadedModel model;
    private final long retentionMs;
    private final PipelineListener listener;
    private ProcessorContext<String, Object> context;
    private AccuracyBook book;
    private long maxTs = Long.MIN_VALUE;

    OutcomeProcessor(LoadedModel model, long retentionMs, PipelineListener listener) {
        this.model = model;
        this.listener = listener;
        this.retentionMs = retentionMs;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        book = new AccuracyBook(context.getStateStore(AccuracyBook.PREDICTIONS),
                context.getStateStore(AccuracyBook.WAITING_OUTCOMES), context.getStateStore(AccuracyBook.ACCURACY));
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, now -> {
            if (maxTs != Long.MIN_VALUE) {
                book.expire(maxTs - retentionMs);
            }
        });
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
        maxTs = Math.max(maxTs, o.ts());
        book.outcome(o.series(), o.ts(), actual, listener);
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
