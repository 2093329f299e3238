package io.brink.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A rejected input record on the dead-letter topic: why, where it came from, and its original bytes
 * (base64), so that nothing is lost (schemas/dlq.schema.json).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("reason") String reason,
        @JsonProperty("reason_code") String reasonCode,
        @JsonProperty("source_topic") String sourceTopic,
        @JsonProperty("partition") Integer partition,
        @JsonProperty("offset") Long offset,
        @JsonProperty("key") String key,
        @JsonProperty("value_base64") String valueBase64,
        @JsonProperty("record_ts") Long recordTs,
        @JsonProperty("rejected_at") long rejectedAt) {
}
