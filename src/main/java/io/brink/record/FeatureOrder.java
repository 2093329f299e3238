package io.brink.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The points-by-name rule, one implementation for every reader (a CSV header in {@code analyze}/{@code report}, a JSON
 * point's {@code values} object offline and in the stream): values named {@code given} are put in the model's feature
 * order {@code expected} (the card's {@code feature_names}). The names must be the same set — none missing, none unknown,
 * none twice — else a {@link Mismatch} saying which.
 */
public final class FeatureOrder {

    /** Names that do not match the model's features; the message names the missing, unknown and repeated ones. */
    public static final class Mismatch extends IllegalArgumentException {
        public Mismatch(String message) {
            super(message);
        }
    }

    private FeatureOrder() {
    }

    /**
     * For each of the model's features, in its order, the index in {@code given} holding it: {@code values[k] =
     * given[positions[k]]}.
     */
    public static int[] positions(List<String> given, List<String> expected) {
        Map<String, Integer> at = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (at.putIfAbsent(given.get(i), i) != null && !twice.contains(given.get(i))) {
                twice.add(given.get(i));
            }
        }
        List<String> missing = expected.stream().filter(n -> !at.containsKey(n)).toList();
        List<String> unknown = given.stream().filter(n -> !expected.contains(n)).distinct().toList();
        if (!missing.isEmpty() || !unknown.isEmpty() || !twice.isEmpty()) {
            List<String> parts = new ArrayList<>();
            if (!missing.isEmpty()) {
                parts.add("missing " + String.join(", ", missing));
            }
            if (!unknown.isEmpty()) {
                parts.add("unknown " + String.join(", ", unknown));
            }
            if (!twice.isEmpty()) {
                parts.add("named twice " + String.join(", ", twice));
            }
            throw new Mismatch("feature names " + given + " do not match the model card's feature_names " + expected + ": "
                    + String.join("; ", parts));
        }
        int[] positions = new int[expected.size()];
        for (int k = 0; k < positions.length; k++) {
            positions[k] = at.get(expected.get(k));
        }
        return positions;
    }

    /** {@code values} (in the order the names were given) in the model's order. */
    public static double[] arrange(double[] values, int[] positions) {
        double[] out = new double[positions.length];
        for (int k = 0; k < positions.length; k++) {
            out[k] = values[positions[k]];
        }
        return out;
    }

    /** True when {@code positions} keeps the given order. */
    public static boolean identity(int[] positions) {
        for (int k = 0; k < positions.length; k++) {
            if (positions[k] != k) {
                return false;
            }
        }
        return true;
    }
}
