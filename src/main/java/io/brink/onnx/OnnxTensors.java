package io.brink.onnx;

import onnx.Onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Reads the numbers of an ONNX TensorProto as doubles, whatever its storage (typed lists or raw bytes), after
 * checking that its dimensions are sane and that it holds exactly as many values as they say.
 */
final class OnnxTensors {

    /** Values one tensor may hold at most: a 1024-unit LSTM's recurrent weights are 4M. */
    static final long MAX_ELEMENTS = 64L << 20;

    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int DOUBLE = 11;

    private OnnxTensors() {
    }

    static long[] dims(Onnx.TensorProto t) {
        List<Long> d = t.getDimsList();
        long[] out = new long[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.get(i);
        }
        return out;
    }

    /** Refuses a tensor with a negative dimension, more than {@link #MAX_ELEMENTS} values, or storage of another size. */
    static void checkShape(Onnx.TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw new UnsupportedModelException("tensor '" + t.getName() + "' has a negative dimension " + d);
            }
            n = d == 0 ? 0 : n;
            if (d > 0 && n > MAX_ELEMENTS / d) {
                throw new UnsupportedModelException("tensor '" + t.getName() + "' has dimensions " + t.getDimsList()
                        + ", more than the " + MAX_ELEMENTS + " values Brink reads in one tensor");
            }
            n *= d;
        }
        long stored = stored(t);
        if (stored != UNREAD && stored != n) {
            throw new UnsupportedModelException("tensor '" + t.getName() + "' has dimensions " + t.getDimsList() + " (" + n
                    + " values) but holds " + stored + ": the file is damaged");
        }
    }

    private static final long UNREAD = -1;

    /** Values the tensor stores, or {@link #UNREAD} for a data type Brink does not read (refused when its values are asked for). */
    private static long stored(Onnx.TensorProto t) {
        return switch (t.getDataType()) {
            case FLOAT -> count(t, 4, t.getFloatDataCount());
            case DOUBLE -> count(t, 8, t.getDoubleDataCount());
            case INT64 -> count(t, 8, t.getInt64DataCount());
            case INT32 -> count(t, 4, t.getInt32DataCount());
            default -> UNREAD;
        };
    }

    private static long count(Onnx.TensorProto t, int width, int typed) {
        long raw = t.getRawData().size();
        if (raw == 0) {
            return typed;
        }
        if (raw % width != 0) {
            throw new UnsupportedModelException("tensor '" + t.getName() + "' has " + raw + " bytes of raw data, not a whole number of "
                    + width + "-byte values: the file is damaged");
        }
        return raw / width;
    }

    /** The tensor's values; a NaN or infinite one is refused (no window could be scored with it). */
    static double[] values(Onnx.TensorProto t) {
        double[] v = read(t);
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new UnsupportedModelException("tensor '" + t.getName() + "' holds " + v[i] + " at index " + i
                        + ": a model with non-finite weights cannot score any window");
            }
        }
        return v;
    }

    private static double[] read(Onnx.TensorProto t) {
        checkShape(t);
        ByteBuffer raw = t.getRawData().isEmpty() ? null : t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (t.getDataType()) {
            case FLOAT -> {
                if (raw != null) {
                    double[] out = new double[raw.remaining() / 4];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = raw.getFloat();
                    }
                    return out;
                }
                return t.getFloatDataList().stream().mapToDouble(Float::doubleValue).toArray();
            }
            case DOUBLE -> {
                if (raw != null) {
                    double[] out = new double[raw.remaining() / 8];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = raw.getDouble();
                    }
                    return out;
                }
                return t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
            }
            case INT64 -> {
                if (raw != null) {
                    double[] out = new double[raw.remaining() / 8];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = raw.getLong();
                    }
                    return out;
                }
                return t.getInt64DataList().stream().mapToDouble(Long::doubleValue).toArray();
            }
            case INT32 -> {
                if (raw != null) {
                    double[] out = new double[raw.remaining() / 4];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = raw.getInt();
                    }
                    return out;
                }
                return t.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray();
            }
            default -> throw new UnsupportedModelException("tensor '" + t.getName() + "' has ONNX data type " + t.getDataType()
                    + "; Brink reads float32, float64, int32 and int64 tensors");
        }
    }
}
