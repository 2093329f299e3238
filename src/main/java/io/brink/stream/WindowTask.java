package io.brink.stream;

/**
 * A window waiting to be scored: its series, the ts of its last point, its sequence number within the
 * series (windows are numbered 0, 1, 2, … as they are emitted) and its normalized values (T × d).
 */
public record WindowTask(String series, long ts, long seq, int steps, int features, double[] values) {

    /** Key of this window in the pending store: series, NUL, zero-padded sequence number. */
    public String pendingKey() {
        return series + '\u0000' + String.format("%019d", seq);
    }
}
