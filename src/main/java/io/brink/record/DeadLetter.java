package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Optional;

/**
 * A rejected input record on the dead-letter topic: why (readable, and as a bounded code), where it came
 * from, and its original key and bytes (base64), so that nothing is lost (schemas/dlq.schema.json). Source
 * metadata is absent for a record without it; key and value are absent when the record had none. A key or
 * value longer than the configured limits is cut, and the record says so, so that a dead letter always fits
 * the producer's request limit.
 *
 * @param keyTruncated   present with a key: whether it was cut
 * @param valueBytes     present with a value: its original length in bytes
 * @param valueTruncated present with a value: whether {@code valueBase64} holds only its first bytes
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DeadLetter(
        @JsonProperty("reason") String reason,
        @JsonProperty("reason_code") DeadLetterReason reasonCode,
        @JsonProperty("source_topic") Optional<String> sourceTopic,
        @JsonProperty("partition") Optional<Integer> partition,
        @JsonProperty("offset") Optional<Long> offset,
        @JsonProperty("key") Optional<String> key,
        @JsonProperty("key_truncated") Optional<Boolean> keyTruncated,
        @JsonProperty("value_base64") Optional<String> valueBase64,
        @JsonProperty("value_bytes") Optional<Integer> valueBytes,
        @JsonProperty("value_truncated") Optional<Boolean> valueTruncated,
        @JsonProperty("record_ts") long recordTs,
        @JsonProperty("rejected_at") long rejectedAt) {
}
