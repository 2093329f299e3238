package io.brink.config;

import java.util.OptionalInt;

/**
 * How points become windows, and which timestamps are accepted.
 *
 * @param length      T, points per window; empty: the model card's
 * @param stride      a window every this many points of a series (the first when T points exist)
 * @param graceMs     how far (ms of event time) behind a series' latest ts a point may arrive and still be placed
 * @param maxFutureMs how far (ms) ahead of the wall clock a point's ts may be
 * @param maxAheadMs  how far (ms) ahead of its series' latest ts a point may be; 0 = no bound
 * @param idleMs      a series whose latest ts is this far (ms of event time) behind its partition's latest loses its state; 0 = never
 */
public record Windowing(OptionalInt length, int stride, long graceMs, long maxFutureMs, long maxAheadMs, long idleMs) {

    /** The same with the window length set. */
    public Windowing withLength(int t) {
        return new Windowing(OptionalInt.of(t), stride, graceMs, maxFutureMs, maxAheadMs, idleMs);
    }
}
