package io.brink.stream;

import io.brink.record.Tier;
import io.brink.window.Window;

import io.brink.config.DeadLetterLimits;
import io.brink.record.DeadLetter;
import io.brink.record.DeadLetterReason;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Builds dead-letter records from the input record being processed and sends them to the DLQ sink, keeping
 * at most the configured bytes of its key and value (saying so in the record), so that one huge record can
 * never make a dead letter the producer refuses, which would stop the stream thread on every retry.
 */
final class DeadLetters {

    static final String SINK = "dlq-sink";
    /** Characters of user-supplied text (keys, series ids, labels) quoted in a reason at most. */
    static final int QUOTED_CHARS = 120;
    /** Characters of a reason at most. */
    static final int REASON_CHARS = 1000;

    private final DeadLetterLimits limits;
    private final PipelineListener listener;

    DeadLetters(DeadLetterLimits limits, PipelineListener listener) {
        this.limits = limits;
        this.listener = listener;
    }

    /** Sends {@code rejected} to the dead-letter topic with its reason, and tells the listener. */
    void send(ProcessorContext<String, ? super Messages.Rejected> context, Record<String, byte[]> rejected, DeadLetterReason code,
              String reason) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        Optional<String> key = Optional.ofNullable(rejected.key()).map(k -> cut(k, limits.maxKeyBytes()));
        Optional<byte[]> value = Optional.ofNullable(rejected.value());
        Optional<Boolean> valueCut = value.map(v -> v.length > limits.maxValueBytes());
        DeadLetter letter = new DeadLetter(bounded(reason), code, meta.map(RecordMetadata::topic), meta.map(RecordMetadata::partition),
                meta.map(RecordMetadata::offset), key, key.map(k -> k.length() < rejected.key().length()),
                value.map(v -> Base64.getEncoder().encodeToString(valueCut.get() ? Arrays.copyOf(v, limits.maxValueBytes()) : v)),
                value.map(v -> v.length), valueCut, rejected.timestamp(), System.currentTimeMillis());
        context.forward(new Record<>(key.orElse(null), new Messages.Rejected(letter), rejected.timestamp()), SINK);
        listener.deadLetter(code);
    }

    /**
     * Sends a dead letter for a window the engine could not score at {@code tier}: no input record is at fault,
     * so it carries the series as key, no value, and the window's series, ts and reason in its text.
     */
    void unscorable(ProcessorContext<String, ? super Messages.Rejected> context, Window window, Tier tier, String reason) {
        Optional<String> key = Optional.of(cut(window.series(), limits.maxKeyBytes()));
        String text = bounded("the window of series " + quote(window.series()) + " ending at ts " + window.ts() + " (window "
                + window.seq() + ") cannot be scored at tier " + tier.number() + ": " + reason);
        long now = System.currentTimeMillis();
        DeadLetter letter = new DeadLetter(text, DeadLetterReason.UNSCORABLE, Optional.empty(), Optional.empty(), Optional.empty(),
                key, key.map(k -> k.length() < window.series().length()), Optional.empty(), Optional.empty(), Optional.empty(),
                window.ts(), now);
        context.forward(new Record<>(key.get(), new Messages.Rejected(letter), context.currentSystemTimeMs()), SINK);
        listener.deadLetter(DeadLetterReason.UNSCORABLE);
    }

    /** A reason cut to {@link #REASON_CHARS} characters. */
    private static String bounded(String reason) {
        return reason.length() <= REASON_CHARS ? reason : reason.substring(0, REASON_CHARS) + "…";
    }

    /** The longest prefix of {@code s} whose UTF-8 encoding has at most {@code maxBytes} bytes (whole code points). */
    static String cut(String s, int maxBytes) {
        if (s.length() * 3L <= maxBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    /** User-supplied text for a reason, in quotes, shortened to {@link #QUOTED_CHARS} characters with its length. */
    static String quote(String s) {
        if (s == null) {
            return "(none)";
        }
        if (s.length() <= QUOTED_CHARS) {
            return "'" + s + "'";
        }
        return "'" + s.substring(0, QUOTED_CHARS) + "…' (" + s.length() + " characters)";
    }
}
