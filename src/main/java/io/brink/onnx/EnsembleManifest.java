package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble manifest, {@code {"members": ["a.onnx", "b.onnx", …], …card fields}}: the members' paths, resolved against
 * the manifest's directory, and the model card fields beside them (which override the members' own; read by the loader,
 * which knows the members' features and classes).
 */
record EnsembleManifest(List<Path> members, JsonNode cardFields) {


    /** Reads the manifest {@code path} whose bytes are {@code bytes}. */
    static EnsembleManifest parse(Path path, byte[] bytes) {
        JsonNode root;
        try {
            root = CardReader.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UnsupportedModelException("cannot read ensemble manifest " + path + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("members") || !root.get("members").isArray()
                || root.get("members").isEmpty()) {
            throw new UnsupportedModelException("ensemble manifest " + path + " needs {\"members\": [\"a.onnx\", …]} with at least one member");
        }
        List<Path> members = new ArrayList<>();
        for (JsonNode m : root.get("members")) {
            if (!m.isTextual() || m.asText().isBlank()) {
                throw new UnsupportedModelException("ensemble manifest " + path + ": each member is a path, got " + m);
            }
            Path p = path.toAbsolutePath().getParent().resolve(m.asText()).normalize();
            if (members.contains(p)) {
                throw new UnsupportedModelException("ensemble manifest " + path + " names " + m.asText() + " twice");
            }
            members.add(p);
        }
        ObjectNode cardFields = ((ObjectNode) root).deepCopy();
        cardFields.remove("members");
        return new EnsembleManifest(members, cardFields);
    }
}
