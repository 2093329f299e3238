package io.brink.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Online accuracy from the outcome join.
 *
 * @param buckets               upper edges of the robustness buckets on distance_linear, increasing
 * @param predictionRetentionMs how long (ms of event time) a prediction waits for its outcome and an outcome for its
 *                              prediction; the join's state holds about this much of every series' windows
 */
public record Accuracy(List<Double> buckets, long predictionRetentionMs) {

    /** The bucket name used for windows without a linear distance. */
    public static final String UNKNOWN = "unknown";

    public Accuracy {
        buckets = List.copyOf(buckets);
    }

    /** Name of the robustness bucket of a linear distance, e.g. "0.1-0.3" or ">=1". */
    public String bucketOf(OptionalDouble distance) {
        if (distance.isEmpty()) {
            return UNKNOWN;
        }
        double lo = 0;
        for (double edge : buckets) {
            if (distance.getAsDouble() < edge) {
                return fmt(lo) + "-" + fmt(edge);
            }
            lo = edge;
        }
        return ">=" + fmt(lo);
    }

    /** All bucket names in order. */
    public List<String> bucketNames() {
        List<String> names = new ArrayList<>();
        double lo = 0;
        for (double edge : buckets) {
            names.add(fmt(lo) + "-" + fmt(edge));
            lo = edge;
        }
        names.add(">=" + fmt(lo));
        return names;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
