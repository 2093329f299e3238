package io.brink.onnx;

import io.brink.model.graph.Graph;
import onnx.Onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** For tests in other packages: an ONNX file imported node by node as a {@link Graph}, even where the loader would map it to the fused stack. */
public final class GraphImports {

    private GraphImports() {
    }

    public static Graph graph(Path file) throws IOException {
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        return new GraphImporter(new OnnxGraph(proto.getGraph()), GraphImporter.opset(proto)).graph();
    }
}
