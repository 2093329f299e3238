package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A change of an alert's state for one series and rule (schemas/alert.schema.json).
 *
 * @param state      "raised" or "resolved"
 * @param threshold  the threshold the value was compared with (for percentile rules, the percentile of the
 *                   series' history at that window)
 * @param values     the rule's field in the windows that caused the change (the n breaching windows for
 *                   "raised", the m clear windows for "resolved"), oldest first; empty for a resolution by idleness
 * @param windowTs   ts of the window that changed the state (for a resolution by idleness: the series' last window)
 * @param cause      null for a change the rule decided; "series_idle" for a raised alert resolved because its
 *                   series was idle for {@code series.idle.ms} and its state was removed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertRecord(
        @JsonProperty("state") String state,
        @JsonProperty("severity") String severity,
        @JsonProperty("series") String series,
        @JsonProperty("model") String model,
        @JsonProperty("rule") String rule,
        @JsonProperty("field") String field,
        @JsonProperty("condition") String condition,
        @JsonProperty("threshold") double threshold,
        @JsonProperty("values") List<Double> values,
        @JsonProperty("window_ts") long windowTs,
        @JsonProperty("window_seq") long windowSeq,
        @JsonProperty("emitted_at") long emittedAt,
        @JsonProperty("cause") String cause) {

    /** The cause of a resolution by idleness. */
    public static final String SERIES_IDLE = "series_idle";
}
