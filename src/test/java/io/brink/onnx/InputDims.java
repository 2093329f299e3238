package io.brink.onnx;

import onnx.Onnx;

import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: a copy of an ONNX model whose input's time and feature dimensions are set as an export would write them. */
public final class InputDims {

    private InputDims() {
    }

    /** A static dimension. */
    public static Onnx.TensorShapeProto.Dimension fixed(int n) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(n).build();
    }

    /** A dynamic (named) dimension. */
    public static Onnx.TensorShapeProto.Dimension named(String name) {
        return Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(name).build();
    }

    /** {@code model} copied to {@code out} with its input [N, time, features]. */
    public static Path copy(Path model, Path out, Onnx.TensorShapeProto.Dimension time, Onnx.TensorShapeProto.Dimension features)
            throws Exception {
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(model));
        Onnx.GraphProto.Builder g = m.getGraph().toBuilder();
        Onnx.ValueInfoProto.Builder in = g.getInput(0).toBuilder();
        Onnx.TensorShapeProto.Builder shape = in.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        shape.setDim(1, time);
        shape.setDim(2, features);
        g.setInput(0, in);
        Files.write(out, m.toBuilder().setGraph(g).build().toByteArray());
        return out;
    }
}
