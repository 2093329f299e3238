package io.brink.record;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one point from a JSON object {@code {"series", "ts", "values"}} (schemas/point.schema.json) or a CSV
 * line {@code series,ts,v1,…,vd}. Throws IllegalArgumentException with the reason a line is bad.
 */
public final class PointCodec {

    private PointCodec() {
    }

    public static Point fromJson(String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not valid JSON");
        }
        return fromJson(node);
    }

    public static Point fromJson(JsonNode node) {
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
        long time = ts.isNumber() ? ts.asLong() : Timestamps.parse(ts.asText());
        JsonNode values = node.get("values");
        if (values == null || !values.isArray() || values.isEmpty()) {
            throw new IllegalArgumentException("missing or empty \"values\" array");
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = values.get(i);
            if (!x.isNumber()) {
                throw new IllegalArgumentException("value " + (i + 1) + " is not a number");
            }
            v[i] = x.asDouble();
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("value " + (i + 1) + " is not finite");
            }
        }
        return new Point(series.asText(), time, v);
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
        return new Point(series, ts, v);
    }
}
