package io.brink.engine.stage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One setting a stage declares, from which both of its surfaces are generated: the stream's configuration key
 * {@code tier1.<key>} (a row of the typed config table, its environment variable and docs) and, where
 * {@link #flag()} is present, the command-line option of {@code analyze} and {@code report}. The two surfaces have
 * their own defaults: the offline commands profile everything they are asked to, tier 1 runs under a budget.
 *
 * @param key           the setting's name under {@code tier1.} (lower case words joined by dots)
 * @param flag          the command-line option ({@code --attack-steps}); empty where each command sets the value itself
 *                      (such as which windows get a certificate)
 * @param kind          the value's type
 * @param batchDefault  the default of the command-line option, as text
 * @param streamDefault the default of the stream's key, as text
 * @param check         the values allowed (each value of a list)
 * @param description   what the setting does, with its unit (one sentence, no default)
 */
public record StageOption(String key, Optional<String> flag, Kind kind, String batchDefault, String streamDefault, Check check,
                          String description) {

    /** The value's type. */
    public enum Kind {
        /** A whole number. */
        INT,
        /** A real number. */
        DOUBLE,
        /** On or off; its flag is negatable ({@code --attack} / {@code --no-attack}). */
        BOOLEAN,
        /** Real numbers, comma-separated; "none" or nothing turns the stage off. */
        NUMBERS
    }

    public StageOption {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(description, "description");
        if (!key.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)*")) {
            throw new IllegalArgumentException("a stage option's key is lower case words joined by dots: " + key);
        }
        flag.ifPresent(f -> {
            if (!f.matches("--[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                throw new IllegalArgumentException("a stage option's flag is --lower-case-words: " + f);
            }
        });
        parse(kind, check, batchDefault);
        parse(kind, check, streamDefault);
    }

    /** An option with a flag. */
    public static StageOption of(String key, String flag, Kind kind, String batchDefault, String streamDefault, Check check,
                                 String description) {
        return new StageOption(key, Optional.of(flag), kind, batchDefault, streamDefault, check, description);
    }

    /** The stream's configuration key. */
    public String streamKey() {
        return "tier1." + key;
    }

    /**
     * {@code text} as this option's value: an Integer, Double, Boolean or double[] (in the order given; empty for
     * "none" or nothing); refused with the reason when it is not of the kind or fails the check.
     */
    public Object parse(String text) {
        return parse(kind, check, text);
    }

    private static Object parse(Kind kind, Check check, String text) {
        String t = Objects.requireNonNull(text, "a value").trim();
        switch (kind) {
            case INT:
                try {
                    int v = Integer.parseInt(t);
                    checked(check, v);
                    return v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + t + "' is not a whole number");
                }
            case DOUBLE:
                return checked(check, number(t));
            case BOOLEAN:
                if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(t);
                }
                throw new IllegalArgumentException("'" + t + "' is not true or false");
            default:
                List<String> parts = new ArrayList<>();
                for (String p : t.split(",")) {
                    if (!p.isBlank()) {
                        parts.add(p.trim());
                    }
                }
                return numbers(check, parts);
        }
    }

    /** Values of a {@link Kind#NUMBERS} option given as a list: empty, or "none" alone, is none. */
    public double[] numbers(List<String> parts) {
        if (kind != Kind.NUMBERS) {
            throw new IllegalStateException(key + " is not a list of numbers");
        }
        return numbers(check, parts);
    }

    private static double[] numbers(Check check, List<String> parts) {
        if (parts.isEmpty() || parts.size() == 1 && parts.get(0).trim().toLowerCase(Locale.ROOT).equals("none")) {
            return new double[0];
        }
        double[] v = new double[parts.size()];
        for (int i = 0; i < v.length; i++) {
            String p = parts.get(i).trim();
            if (p.equalsIgnoreCase("none")) {
                throw new IllegalArgumentException("'none' stands alone, got " + parts);
            }
            v[i] = checked(check, number(p));
        }
        return v;
    }

    /** {@code v}, when the check allows it. */
    public double checked(double v) {
        return checked(check, v);
    }

    private static double checked(Check check, double v) {
        check.problem(v).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        return v;
    }

    private static double number(String t) {
        try {
            double v = Double.parseDouble(t);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + t + "' is not a finite number");
        }
    }

    /**
     * The values allowed: an interval, each end open or closed or absent (infinite).
     *
     * @param min     the lower end ({@code -∞}: none)
     * @param minOpen whether {@code min} itself is excluded
     * @param max     the upper end ({@code +∞}: none)
     * @param maxOpen whether {@code max} itself is excluded
     */
    public record Check(double min, boolean minOpen, double max, boolean maxOpen) {

        /** Any finite value. */
        public static final Check ANY = new Check(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);

        /** {@code v > 0}. */
        public static final Check POSITIVE = new Check(0, true, Double.POSITIVE_INFINITY, true);

        /** {@code v ≥ min}. */
        public static Check atLeast(double min) {
            return new Check(min, false, Double.POSITIVE_INFINITY, true);
        }

        /** {@code min < v < max}. */
        public static Check between(double min, double max) {
            return new Check(min, true, max, true);
        }

        /** Why {@code v} is not allowed; empty when it is. */
        public Optional<String> problem(double v) {
            boolean low = minOpen ? !(v > min) : !(v >= min);
            boolean high = maxOpen ? !(v < max) : !(v <= max);
            return low || high ? Optional.of("must be " + describe() + ", got " + (v == Math.rint(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) v) : Double.toString(v))) : Optional.empty();
        }

        /** The allowed values in words ("≥ 1", "> 0", "in (0, 1)"). */
        public String describe() {
            boolean hasMin = min != Double.NEGATIVE_INFINITY;
            boolean hasMax = max != Double.POSITIVE_INFINITY;
            if (hasMin && hasMax) {
                return "in " + (minOpen ? "(" : "[") + plain(min) + ", " + plain(max) + (maxOpen ? ")" : "]");
            }
            if (hasMin) {
                return (minOpen ? "> " : "≥ ") + plain(min);
            }
            if (hasMax) {
                return (maxOpen ? "< " : "≤ ") + plain(max);
            }
            return "any finite number";
        }

        private static String plain(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }
}
