package io.brink.record;

/** Why a record went to the dead-letter topic: a bounded code for metrics and consumers, beside the readable reason. */
public enum DeadLetterReason {
    BAD_POINT, KEY_MISMATCH, FEATURE_COUNT, OUT_OF_RANGE, FUTURE_POINT, LATE_POINT, TOO_OLD, BAD_OUTCOME, UNKNOWN_CLASS,
    OUTCOME_EXPIRED,
    /** A point whose values are given by name, and the names do not match the model card's feature_names. */
    FEATURE_NAMES,
    /** A window the engine could not score: a quantity came out NaN or infinite (the reason names it). */
    UNSCORABLE;

    /** The code as written to records and metric labels, e.g. "late_point". */
    @com.fasterxml.jackson.annotation.JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
