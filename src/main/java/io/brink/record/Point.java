package io.brink.record;

/** One observation of a series: its id, a timestamp in epoch milliseconds and one value per feature. */
public record Point(String series, long ts, double[] values) {
}
