package io.brink.engine.cuda;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** The committed float64 CPU results of {@link GpuCases}, by case name. */
final class GpuReference {

    static final String RESOURCE = "gpu-reference.json";
    static final Path FILE = Path.of("src/test/resources/io/brink/engine/cuda", RESOURCE);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Map<String, GpuCases.Result> load() {
        try (InputStream in = GpuReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: make it with tools/make_gpu_reference.sh");
            }
            return JSON.readValue(in, new TypeReference<Map<String, GpuCases.Result>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Map<String, GpuCases.Result> results) throws IOException {
        JSON.writeValue(FILE.toFile(), results);
    }

    private GpuReference() {
    }
}
