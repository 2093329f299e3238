package io.brink.record;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which scoring pass a score record comes from, written as its number: 0 for the first-order pass every
 * window gets (prediction, margin, gradient norm, linear distance), 1 for the full profile (curvature,
 * second-order estimates, the verified attack) that selected windows, and every window of
 * {@code brink analyze}, get.
 */
public enum Tier {
    ZERO(0), ONE(1);

    private final int number;

    Tier(int number) {
        this.number = number;
    }

    @JsonValue
    public int number() {
        return number;
    }
}
