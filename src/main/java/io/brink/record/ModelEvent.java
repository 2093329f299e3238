package io.brink.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;

/**
 * A model reload event on the model-events topic (schemas/model-event.schema.json): a new version of the
 * model file was accepted and now serves, or was refused and the serving version goes on.
 *
 * @param model          the model's name
 * @param file           the model file's name (no directory)
 * @param candidate      the new version, when its files could be read
 * @param serving        the version serving after this event
 * @param previous       the version serving before it
 * @param result         accepted or refused
 * @param reason         why it was refused
 * @param at             when (ms since the epoch)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ModelEvent(
        @JsonProperty("model") String model,
        @JsonProperty("file") String file,
        @JsonProperty("candidate_version") Optional<String> candidate,
        @JsonProperty("serving_version") String serving,
        @JsonProperty("previous_version") String previous,
        @JsonProperty("result") Result result,
        @JsonProperty("reason") Optional<String> reason,
        @JsonProperty("at") long at) {

    /** What became of a new version. */
    public enum Result {
        ACCEPTED, REFUSED;

        @JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
