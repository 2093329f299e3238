package io.brink.stream;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.util.Base64;
import java.util.Optional;

/** Builds dead-letter records from the record being processed and sends them to the DLQ sink. */
final class DeadLetters {

    static final String SINK = "dlq-sink";

    private DeadLetters() {
    }

    static void send(ProcessorContext<String, Object> context, Record<String, byte[]> rejected, DeadLetterReason code,
                     String reason, PipelineListener listener) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        DeadLetter letter = new DeadLetter(reason, code.code(), meta.map(RecordMetadata::topic).orElse(null),
                meta.map(RecordMetadata::partition).orElse(null), meta.map(RecordMetadata::offset).orElse(null),
                rejected.key(), rejected.value() == null ? null : Base64.getEncoder().encodeToString(rejected.value()),
                rejected.timestamp(), System.currentTimeMillis());
        context.forward(new Record<String, Object>(rejected.key(), letter, rejected.timestamp()), SINK);
        listener.deadLetter(code);
    }
}
