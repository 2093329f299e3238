package io.brink.stream;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The windowing state of one series: its last (up to) T points in ts order, the latest ts seen (for
 * the grace period), points since the last emitted window and the next window's sequence number.
 * Serialized compactly in binary, since it is rewritten on every point.
 */
public final class SeriesWindowState {

    private final int capacity;
    private final int features;
    private long[] ts;
    private double[] values;
    private int size;
    private long maxTs = Long.MIN_VALUE;
    private int sinceEmit;
    private long nextSeq;

    public SeriesWindowState(int capacity, int features) {
        this.capacity = capacity;
        this.features = features;
        this.ts = new long[capacity];
        this.values = new double[capacity * features];
    }

    /** Outcome of offering a point. */
    public enum Placement { APPENDED, INSERTED, REPLACED, TOO_OLD }

    /**
     * Places a point in ts order; a point older than all kept points when the window is full is
     * TOO_OLD for any future window. A repeated ts replaces the earlier point. Grace is checked by the caller.
     */
    public Placement offer(long t, double[] v) {
        int pos = Arrays.binarySearch(ts, 0, size, t);
        if (pos >= 0) {
            System.arraycopy(v, 0, values, pos * features, features);
            return Placement.REPLACED;
        }
        int ins = -pos - 1;
        if (ins == 0 && size == capacity) {
            return Placement.TOO_OLD;
        }
        boolean append = ins == size;
        if (size == capacity) {
            // drop the oldest point
            System.arraycopy(ts, 1, ts, 0, ins - 1);
            System.arraycopy(values, features, values, 0, (ins - 1) * features);
            ins--;
        } else {
            System.arraycopy(ts, ins, ts, ins + 1, size - ins);
            System.arraycopy(values, ins * features, values, (ins + 1) * features, (size - ins) * features);
            size++;
        }
        ts[ins] = t;
        System.arraycopy(v, 0, values, ins * features, features);
        maxTs = Math.max(maxTs, t);
        return append ? Placement.APPENDED : Placement.INSERTED;
    }

    public long maxTs() {
        return maxTs;
    }

    public int size() {
        return size;
    }

    /** Counts a new point; returns true (and resets the count) when a window is due every {@code stride} points. */
    public boolean countPoint(int stride) {
        sinceEmit++;
        if (size == capacity && sinceEmit >= stride) {
            sinceEmit = 0;
            return true;
        }
        return false;
    }

    /** Takes the next window sequence number. */
    public long takeSeq() {
        return nextSeq++;
    }

    /** The current window's values, T × d in ts order. */
    public double[] windowValues() {
        return Arrays.copyOf(values, size * features);
    }

    public long lastTs() {
        return ts[size - 1];
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(4 * 4 + 8 * 2 + size * 8 + size * features * 8);
        b.putInt(capacity).putInt(features).putInt(size).putInt(sinceEmit).putLong(maxTs).putLong(nextSeq);
        for (int i = 0; i < size; i++) {
            b.putLong(ts[i]);
        }
        for (int i = 0; i < size * features; i++) {
            b.putDouble(values[i]);
        }
        return b.array();
    }

    public static SeriesWindowState fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        SeriesWindowState s = new SeriesWindowState(b.getInt(), b.getInt());
        s.size = b.getInt();
        s.sinceEmit = b.getInt();
        s.maxTs = b.getLong();
        s.nextSeq = b.getLong();
        for (int i = 0; i < s.size; i++) {
            s.ts[i] = b.getLong();
        }
        for (int i = 0; i < s.size * s.features; i++) {
            s.values[i] = b.getDouble();
        }
        return s;
    }

    public int capacity() {
        return capacity;
    }

    public int features() {
        return features;
    }
}
