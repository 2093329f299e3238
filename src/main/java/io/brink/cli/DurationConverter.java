package io.brink.cli;

import picocli.CommandLine;

import java.time.Duration;

/** Parses durations like "90s", "2m", "1h" or ISO-8601 "PT2M". */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.startsWith("pt")) {
            return Duration.parse(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (!v.matches("\\d+(ms|s|m|h)")) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 90s, 2m or 1h");
        }
        long n = Long.parseLong(v.replaceAll("\\D", ""));
        return v.endsWith("ms") ? Duration.ofMillis(n) : v.endsWith("s") ? Duration.ofSeconds(n)
                : v.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
    }
}
