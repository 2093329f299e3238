package io.brink.record;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one point from a JSON object {@code {"series", "ts", "values"}} (schemas/point.schema.json; values a list, or an
 * object keyed by feature name) or a CSV
 * line {@code series,ts,v1,…,vd}. Throws IllegalArgumentException with the reason a line is bad: a series id
 * that is empty or longer than {@link #MAX_SERIES_CHARS}, a timestamp that is not epoch milliseconds from 1970
 * on (or an ISO-8601 date-time), values that are not finite numbers. Unknown fields are ignored.
 */
public final class PointCodec {

    /** Characters of a series id at most (it keys state, queues and every record of the series). */
    public static final int MAX_SERIES_CHARS = 1024;

    private PointCodec() {
    }

    /** A point whose values are a list in the model's order (values given by name are refused: no names to match). */
    public static Point fromJson(String line) {
        return fromJson(line, Optional.empty());
    }

    /**
     * A point; {@code values} is a list in the model's order or an object keyed by feature name, put in the order of
     * {@code featureNames} (the card's) by {@link FeatureOrder} — names that do not match are a {@link FeatureOrder.Mismatch}.
     */
    public static Point fromJson(String line, Optional<List<String>> featureNames) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        return fromJson(node, featureNames);
    }

    /** A point from a parsed JSON object; see {@link #fromJson(String, Optional)}. */
    public static Point fromJson(JsonNode node, Optional<List<String>> featureNames) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode series = node.get("series");
        if (series == null || !(series.isTextual() || series.isNumber()) || series.asText().isEmpty()) {
            throw new IllegalArgumentException("missing or empty \"series\"");
        }
        JsonNode ts = node.get("ts");
        if (ts == null || ts.isNull()) {
            throw new IllegalArgumentException("missing \"ts\"");
        }
        long time;
        if (ts.isIntegralNumber()) {
            if (!ts.canConvertToLong()) {
                throw new IllegalArgumentException("ts " + ts + " is out of range");
            }
            time = ts.asLong();
        } else if (ts.isNumber()) {
            double t = ts.asDouble();
            if (!(Math.abs(t) < 0x1p63)) {
                throw new IllegalArgumentException("ts " + ts + " is out of range");
            }
            time = (long) t;
        } else if (ts.isTextual()) {
            time = Timestamps.parse(ts.asText());
        } else {
            throw new IllegalArgumentException("ts must be epoch milliseconds or an ISO-8601 date-time, got " + ts.getNodeType());
        }
        JsonNode values = node.get("values");
        double[] v;
        if (values != null && values.isObject() && !values.isEmpty()) {
            List<String> names = new ArrayList<>();
            values.fieldNames().forEachRemaining(names::add);
            if (featureNames.isEmpty()) {
                throw new FeatureOrder.Mismatch("values are given by name " + names + " but the model card names no features: give "
                        + "\"values\" as a list in the model's order");
            }
            int[] positions = FeatureOrder.positions(names, featureNames.get());
            double[] given = new double[names.size()];
            for (int i = 0; i < given.length; i++) {
                given[i] = number(values.get(names.get(i)), "value \"" + names.get(i) + "\"");
            }
            v = FeatureOrder.arrange(given, positions);
        } else {
            if (values == null || !values.isArray() || values.isEmpty()) {
                throw new IllegalArgumentException("missing or empty \"values\" (a list, or an object keyed by feature name)");
            }
            v = new double[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = number(values.get(i), "value " + (i + 1));
            }
        }
        return point(series.asText(), time, v);
    }

    private static double number(JsonNode x, String what) {
        if (!x.isNumber()) {
            throw new IllegalArgumentException(what + " is not a number");
        }
        double v = x.asDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " is not finite");
        }
        return v;
    }

    private static Point point(String series, long ts, double[] values) {
        if (series.length() > MAX_SERIES_CHARS) {
            throw new IllegalArgumentException("series id of " + series.length() + " characters; at most " + MAX_SERIES_CHARS);
        }
        if (ts < 0) {
            throw new IllegalArgumentException("ts " + ts + " is before 1970: timestamps are epoch milliseconds from 1970 on");
        }
        return new Point(series, ts, values);
    }

    public static Point fromCsv(String line) {
        String[] parts = line.split(",", -1);
        if (parts.length < 3) {
            throw new IllegalArgumentException("a CSV line needs series,ts and at least one value");
        }
        String series = parts[0].trim();
        if (series.isEmpty()) {
            throw new IllegalArgumentException("empty series");
        }
        long ts = Timestamps.parse(parts[1]);
        double[] v = new double[parts.length - 2];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i + 2].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value " + (i + 1) + " ('" + parts[i + 2].trim() + "') is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("value " + (i + 1) + " is not finite");
            }
        }
        return point(series, ts, v);
    }
}
