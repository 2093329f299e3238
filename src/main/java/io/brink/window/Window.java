package io.brink.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A window ready to be scored: its series, the ts of its last point, its sequence number within the series
 * (windows are numbered 0, 1, 2, … as they are emitted) and its normalized values (T × d, ts order).
 */
public record Window(String series, long ts, long seq, int steps, int features, double[] values) {

    /** The binary layout written by {@link #toBytes}. */
    static final byte FORMAT = 1;

    public Window {
        if (values.length != steps * features) {
            throw new IllegalArgumentException("a window of " + steps + " × " + features + " needs " + steps * features + " values");
        }
    }

    /** Key of this window in a queue store: series, NUL, zero-padded sequence number (series order, then seq order). */
    public String queueKey() {
        return series + '\u0000' + String.format("%019d", seq);
    }

    /** Format 1: version byte, series (length-prefixed UTF-8), ts, seq, steps, features, values. */
    public byte[] toBytes() {
        byte[] name = series.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + name.length + 8 + 8 + 4 + 4 + values.length * 8);
        b.put(FORMAT).putInt(name.length).put(name).putLong(ts).putLong(seq).putInt(steps).putInt(features);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    /**
     * Reads format 1, or the unversioned format 0 of earlier builds (the same fields without the version byte;
     * its first byte is the top byte of the series name's length, always 0).
     */
    public static Window fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        FormatVersion.skip(b, FORMAT, "window");
        byte[] name = new byte[b.getInt()];
        b.get(name);
        long ts = b.getLong();
        long seq = b.getLong();
        int steps = b.getInt();
        int features = b.getInt();
        double[] v = new double[steps * features];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDouble();
        }
        return new Window(new String(name, StandardCharsets.UTF_8), ts, seq, steps, features, v);
    }
}
