package io.brink.record;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The realized class of a series at the ts of a window's last point, arriving after the prediction. */
public record OutcomeRecord(@JsonProperty("series") String series, @JsonProperty("ts") long ts,
                            @JsonProperty("class") String label) {
}
