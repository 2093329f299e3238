package io.brink.stream;

import io.brink.window.SeriesWindowState;
import io.brink.window.Window;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;

/**
 * Serdes of the pipeline's binary state: series windows and queued windows (their codecs live with the types)
 * and vectors of doubles (eigenvectors, accuracy counts). Every format starts with a version byte and reads
 * the unversioned format of earlier builds.
 */
final class StateSerdes {

    /** The vector layout: version byte, then the doubles. */
    static final byte DOUBLES_FORMAT = 1;

    private StateSerdes() {
    }

    static Serde<SeriesWindowState> seriesWindowState() {
        return Serdes.serdeFrom((topic, s) -> s == null ? null : s.toBytes(),
                (topic, bytes) -> bytes == null ? null : SeriesWindowState.fromBytes(bytes));
    }

    static Serde<Window> window() {
        return Serdes.serdeFrom((topic, w) -> w == null ? null : w.toBytes(), (topic, bytes) -> bytes == null ? null : Window.fromBytes(bytes));
    }

    static Serde<double[]> doubles() {
        return Serdes.serdeFrom((topic, v) -> v == null ? null : doublesToBytes(v), (topic, b) -> b == null ? null : doublesFromBytes(b));
    }

    static byte[] doublesToBytes(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(1 + v.length * 8);
        b.put(DOUBLES_FORMAT);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    /**
     * Reads the versioned layout (length 8n + 1) or the unversioned one of earlier builds (length 8n: the
     * doubles alone), told apart by the length.
     */
    static double[] doublesFromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length % 8 == 1) {
            byte version = b.get();
            if (version != DOUBLES_FORMAT) {
                throw new IllegalArgumentException("unknown vector format " + version);
            }
        } else if (bytes.length % 8 != 0) {
            throw new IllegalArgumentException("a vector of doubles cannot be " + bytes.length + " bytes long");
        }
        double[] v = new double[b.remaining() / 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getDouble();
        }
        return v;
    }
}
