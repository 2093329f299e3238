package io.brink.engine.stage;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The values of the stages' declared options on one surface (a command line or the stream's configuration), each
 * checked against its declaration, read by the stages when they make their settings. Immutable.
 */
public final class OptionValues {

    private final Map<String, Object> byKey;

    private OptionValues(Map<String, Object> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    /**
     * The values of {@code options}, each given by {@code value} as text, an Integer, a Double, a Boolean or a list of
     * texts (for lists of numbers), or null for the default of the surface ({@code stream}: the stream's default, else
     * the command line's). A value that does not fit its option is refused, the message naming it as {@code name} says.
     */
    public static OptionValues of(List<StageOption> options, Function<StageOption, Object> value, boolean stream,
                                  Function<StageOption, String> name) {
        Map<String, Object> m = new HashMap<>();
        for (StageOption o : options) {
            Object v = value.apply(o);
            try {
                m.put(o.key(), v == null ? o.parse(stream ? o.streamDefault() : o.batchDefault()) : normalize(o, v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name.apply(o) + ": " + e.getMessage(), e);
            }
        }
        return new OptionValues(m);
    }

    /** Every option at its default on the command line ({@code stream} false) or in the stream. */
    public static OptionValues defaults(List<StageOption> options, boolean stream) {
        return of(options, o -> null, stream, StageOption::key);
    }

    private static Object normalize(StageOption o, Object v) {
        if (v instanceof String s) {
            return o.parse(s);
        }
        if (v instanceof List<?> list) {
            return o.numbers(list.stream().map(String::valueOf).toList());
        }
        switch (o.kind()) {
            case INT:
                if (v instanceof Integer i) {
                    o.checked(i);
                    return i;
                }
                break;
            case DOUBLE:
                if (v instanceof Number n) {
                    return o.checked(n.doubleValue());
                }
                break;
            case BOOLEAN:
                if (v instanceof Boolean b) {
                    return b;
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("a " + o.kind().name().toLowerCase(java.util.Locale.ROOT) + " is due, got "
                + v.getClass().getSimpleName() + " " + v);
    }

    /** The whole-number value of {@code o}. */
    public int integer(StageOption o) {
        return (Integer) get(o, StageOption.Kind.INT);
    }

    /** The real value of {@code o}. */
    public double number(StageOption o) {
        return (Double) get(o, StageOption.Kind.DOUBLE);
    }

    /** Whether {@code o} is on. */
    public boolean flag(StageOption o) {
        return (Boolean) get(o, StageOption.Kind.BOOLEAN);
    }

    /** The numbers of {@code o} in the order given (empty: none). */
    public double[] numbers(StageOption o) {
        return ((double[]) get(o, StageOption.Kind.NUMBERS)).clone();
    }

    private Object get(StageOption o, StageOption.Kind kind) {
        if (o.kind() != kind) {
            throw new IllegalStateException(o.key() + " is " + o.kind() + ", read as " + kind);
        }
        Object v = byKey.get(o.key());
        if (v == null) {
            throw new IllegalStateException("no value for stage option " + o.key() + " (the stage did not declare it)");
        }
        return v;
    }
}
