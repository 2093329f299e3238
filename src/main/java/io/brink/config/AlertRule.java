package io.brink.config;

import java.util.Locale;

/**
 * An alert rule on one score field, with hysteresis: raised after {@code raiseAfter} consecutive
 * breaching windows, resolved after {@code resolveAfter} consecutive clear windows.
 *
 * @param condition   BELOW or ABOVE an absolute {@code threshold}; BELOW_PERCENTILE or ABOVE_PERCENTILE of
 *                    the series' own last {@code history} values ({@code threshold} is then the percentile, 0–100)
 * @param minHistory  values a percentile rule needs before it judges
 */
public record AlertRule(String name, String field, Condition condition, double threshold, int history, int minHistory,
                        int raiseAfter, int resolveAfter, String severity) {

    /** How the field is compared. */
    public enum Condition {
        BELOW, ABOVE, BELOW_PERCENTILE, ABOVE_PERCENTILE;

        /** Whether the threshold is a percentile of the series' own history. */
        public boolean relative() {
            return this == BELOW_PERCENTILE || this == ABOVE_PERCENTILE;
        }

        /** As written in alert records, e.g. "below percentile". */
        public String text() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        /** The setting's key suffix, e.g. "below.percentile". */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '.');
        }
    }

    public AlertRule {
        if (name == null || name.isBlank() || field == null || field.isBlank()) {
            throw new IllegalArgumentException("an alert rule needs a name and a field");
        }
        if (raiseAfter < 1 || resolveAfter < 1) {
            throw new IllegalArgumentException("alert rule " + name + ": raise-after and resolve-after must be at least 1");
        }
        if (condition.relative() && (threshold <= 0 || threshold >= 100 || history < 2 || minHistory < 1 || minHistory > history)) {
            throw new IllegalArgumentException("alert rule " + name + ": a percentile rule needs 0 < percentile < 100 and 1 <= min-history <= history");
        }
    }
}
