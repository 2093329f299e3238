package io.brink.calibration;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.OptionalDouble;

/**
 * What a sequence of labelled prediction sets did: their number, coverage (share whose set held the true class), mean
 * size (classes), share of full sets (every class: an abstention), and the lowest and highest coverage over any
 * {@code rolling} consecutive sets in order (absent with fewer sets than that) — how steady the coverage a dashboard's
 * rolling window shows would have been.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonPropertyOrder({"windows", "coverage", "mean_set_size", "full_set_share", "rolling_window", "rolling_coverage_min",
        "rolling_coverage_max"})
public record SetStats(@JsonProperty("windows") int windows, @JsonProperty("coverage") double coverage,
                       @JsonProperty("mean_set_size") double meanSetSize,
                       @JsonProperty("full_set_share") double fullSetShare, @JsonProperty("rolling_window") int rolling,
                       @JsonProperty("rolling_coverage_min") OptionalDouble rollingMin,
                       @JsonProperty("rolling_coverage_max") OptionalDouble rollingMax) {

    /** Stats of sets in order: {@code covered[i]} whether set i held its class, {@code size[i]} its classes, of {@code classes}. */
    public static SetStats of(boolean[] covered, int[] size, int classes, int rolling) {
        if (covered.length != size.length || covered.length == 0) {
            throw new IllegalArgumentException("set stats need as many sizes as outcomes, and at least one: got "
                    + covered.length + " and " + size.length);
        }
        if (rolling < 1) {
            throw new IllegalArgumentException("the rolling window needs at least 1 set, got " + rolling);
        }
        int n = covered.length;
        long in = 0;
        long sizes = 0;
        long full = 0;
        int inWindow = 0;
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            in += covered[i] ? 1 : 0;
            sizes += size[i];
            full += size[i] >= classes ? 1 : 0;
            inWindow += covered[i] ? 1 : 0;
            if (i >= rolling) {
                inWindow -= covered[i - rolling] ? 1 : 0;
            }
            if (i >= rolling - 1) {
                min = Math.min(min, inWindow);
                max = Math.max(max, inWindow);
            }
        }
        boolean rolled = n >= rolling;
        return new SetStats(n, (double) in / n, (double) sizes / n, (double) full / n, rolling,
                rolled ? OptionalDouble.of((double) min / rolling) : OptionalDouble.empty(),
                rolled ? OptionalDouble.of((double) max / rolling) : OptionalDouble.empty());
    }
}
