package io.brink.stream;

import io.brink.record.DeadLetter;
import io.brink.record.DeadLetterReason;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.util.Base64;
import java.util.Optional;

/** Builds dead-letter records from the input record being processed and sends them to the DLQ sink. */
final class DeadLetters {

    static final String SINK = "dlq-sink";

    private DeadLetters() {
    }

    /** Sends {@code rejected} to the dead-letter topic with its reason, and tells the listener. */
    static void send(ProcessorContext<String, ? super Messages.Rejected> context, Record<String, byte[]> rejected,
                         DeadLetterReason code, String reason, PipelineListener listener) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        DeadLetter letter = new DeadLetter(reason, code, meta.map(RecordMetadata::topic), meta.map(RecordMetadata::partition),
                meta.map(RecordMetadata::offset), Optional.ofNullable(rejected.key()),
                Optional.ofNullable(rejected.value()).map(v -> Base64.getEncoder().encodeToString(v)), rejected.timestamp(),
                System.currentTimeMillis());
        context.forward(new Record<>(rejected.key(), new Messages.Rejected(letter), rejected.timestamp()), SINK);
        listener.deadLetter(code);
    }
}
