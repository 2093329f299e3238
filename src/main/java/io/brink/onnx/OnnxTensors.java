package io.brink.onnx;

import onnx.Onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Reads the numbers of an ONNX TensorProto as doubles, whatever its storage (typed lists or raw bytes). */
final class OnnxTensors {

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

    static double[] values(Onnx.TensorProto t) {
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
