package io.brink.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses point timestamps: epoch milliseconds, or ISO-8601 (instant, offset or local date-time, date; local means UTC). */
public final class Timestamps {

    private Timestamps() {
    }

    /** Epoch milliseconds of {@code text}; throws IllegalArgumentException with a readable reason. */
    public static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        if (s.matches("-?\\d+")) {
            return Long.parseLong(s);
        }
        if (s.matches("-?\\d+\\.\\d*")) {
            return (long) Double.parseDouble(s);
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other ISO forms
        }
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other ISO forms
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // try the other ISO forms
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp '" + s + "' is neither epoch milliseconds nor ISO-8601");
        }
    }
}
