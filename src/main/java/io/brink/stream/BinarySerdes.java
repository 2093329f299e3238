package io.brink.stream;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Compact binary serdes for the pipeline's hot state: series windows, pending windows and eigenvectors. */
public final class BinarySerdes {

    private BinarySerdes() {
    }

    public static Serde<SeriesWindowState> seriesWindowState() {
        return Serdes.serdeFrom((topic, s) -> s == null ? null : s.toBytes(),
                (topic, bytes) -> bytes == null ? null : SeriesWindowState.fromBytes(bytes));
    }

    public static Serde<WindowTask> windowTask() {
        return Serdes.serdeFrom((topic, w) -> {
            if (w == null) {
                return null;
            }
            byte[] series = w.series().getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(4 + series.length + 8 + 8 + 4 + 4 + w.values().length * 8);
            b.putInt(series.length).put(series).putLong(w.ts()).putLong(w.seq()).putInt(w.steps()).putInt(w.features());
            for (double v : w.values()) {
                b.putDouble(v);
            }
            return b.array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] series = new byte[b.getInt()];
            b.get(series);
            long ts = b.getLong();
            long seq = b.getLong();
            int steps = b.getInt();
            int features = b.getInt();
            double[] v = new double[steps * features];
            for (int i = 0; i < v.length; i++) {
                v[i] = b.getDouble();
            }
            return new WindowTask(new String(series, StandardCharsets.UTF_8), ts, seq, steps, features, v);
        });
    }

    public static Serde<double[]> doubles() {
        return Serdes.serdeFrom((topic, v) -> {
            if (v == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(v.length * 8);
            for (double x : v) {
                b.putDouble(x);
            }
            return b.array();
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            double[] v = new double[bytes.length / 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = b.getDouble();
            }
            return v;
        });
    }
}
