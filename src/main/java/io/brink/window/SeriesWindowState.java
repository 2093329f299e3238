package io.brink.window;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * The windowing rule, for one series: its last (up to) T points in ts order, and when a window is due.
 * Both paths use it: the pipeline offers points as they arrive, {@code brink analyze} replays each series'
 * points sorted by ts.
 *
 * <ul>
 *   <li>A point more than the grace period behind the series' latest ts is {@link Placement#LATE}.</li>
 *   <li>A point older than every kept point of a full window is {@link Placement#TOO_OLD}: no future
 *       window can hold it.</li>
 *   <li>A repeated ts replaces the earlier point's values ({@link Placement#REPLACED}) and counts as no new point.</li>
 *   <li>Otherwise the point is placed in ts order, dropping the oldest of a full window. The first window
 *       is due when the buffer first holds T points, then one every {@code stride} new points.</li>
 * </ul>
 *
 * <p>Stored compactly in binary (rewritten on every point), behind a leading format version byte.
 */
public final class SeriesWindowState {

    /** The binary layout written by {@link #toBytes}. */
    static final byte FORMAT = 1;

    private final int capacity;
    private final int features;
    private final long[] ts;
    private final double[] values;
    private int size;
    private long maxTs = Long.MIN_VALUE;
    private int sinceEmit;
    private long nextSeq;

    public SeriesWindowState(int capacity, int features) {
        if (capacity < 1 || features < 1) {
            throw new IllegalArgumentException("a window needs at least one step of at least one feature");
        }
        this.capacity = capacity;
        this.features = features;
        this.ts = new long[capacity];
        this.values = new double[capacity * features];
    }

    /** What became of an offered point. */
    public enum Placement { APPENDED, INSERTED, REPLACED, TOO_OLD, LATE }

    /** The placement of an offered point and the window it completed, if one is due. */
    public record Offer(Placement placement, Optional<Window> window) {
    }

    /**
     * Offers a point of series {@code series} (values already normalized); a point more than {@code graceMs}
     * behind the latest ts is late. A due window is returned with its sequence number taken.
     */
    public Offer offer(String series, long t, double[] v, long graceMs, int stride) {
        if (size > 0 && t < maxTs - graceMs) {
            return new Offer(Placement.LATE, Optional.empty());
        }
        Placement p = place(t, v);
        if (p == Placement.TOO_OLD || p == Placement.REPLACED || !countPoint(stride)) {
            return new Offer(p, Optional.empty());
        }
        return new Offer(p, Optional.of(new Window(series, lastTs(), nextSeq++, capacity, features, windowValues())));
    }

    private Placement place(long t, double[] v) {
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

    /** Counts a new point; true (and the count restarts) when a window is due. */
    private boolean countPoint(int stride) {
        sinceEmit++;
        if (size == capacity && (nextSeq == 0 || sinceEmit >= stride)) {
            sinceEmit = 0;
            return true;
        }
        return false;
    }

    public long maxTs() {
        return maxTs;
    }

    public int size() {
        return size;
    }

    /** The current window's values, T × d in ts order. */
    public double[] windowValues() {
        return Arrays.copyOf(values, size * features);
    }

    public long lastTs() {
        return ts[size - 1];
    }

    public int capacity() {
        return capacity;
    }

    public int features() {
        return features;
    }

    /** Format 1: version byte, capacity, features, size, points since the last window, latest ts, next sequence number, ts, values. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 * 4 + 8 * 2 + size * 8 + size * features * 8);
        b.put(FORMAT).putInt(capacity).putInt(features).putInt(size).putInt(sinceEmit).putLong(maxTs).putLong(nextSeq);
        for (int i = 0; i < size; i++) {
            b.putLong(ts[i]);
        }
        for (int i = 0; i < size * features; i++) {
            b.putDouble(values[i]);
        }
        return b.array();
    }

    /**
     * Reads format 1, or the unversioned format 0 of earlier builds (the same fields without the version byte;
     * its first byte is the top byte of the capacity, always 0).
     */
    public static SeriesWindowState fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        FormatVersion.skip(b, FORMAT, "series window state");
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
}
