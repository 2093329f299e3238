package io.brink.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.model.LoadedModel;
import io.brink.record.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Outcomes for {@code brink analyze --labels}: a JSON-lines file of {@code {"series", "ts", "class"}} (the outcome
 * topic's records), the class as an index or a name from the model card. A line that cannot be read, names a class
 * the model does not have, or gives one (series, ts) two different classes is an error naming its line.
 */
public final class Labels {

    private final Map<String, Map<Long, Integer>> classes;
    private final int count;

    private Labels(Map<String, Map<Long, Integer>> classes, int count) {
        this.classes = classes;
        this.count = count;
    }

    /** Reads {@code path} for {@code model}. */
    public static Labels read(Path path, LoadedModel model) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("labels file not found: " + path);
        }
        int n = 0;
        Map<String, Map<Long, Integer>> classes = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String where = path.getFileName() + " line " + number;
                JsonNode node;
                try {
                    node = Json.mapper().readTree(line);
                } catch (IOException e) {
                    throw new IllegalArgumentException(where + " is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
                }
                if (node == null || !node.isObject() || !node.path("series").isTextual() || !node.path("ts").canConvertToLong()
                        || !(node.path("class").isTextual() || node.path("class").isIntegralNumber())) {
                    throw new IllegalArgumentException(where + " needs {\"series\": text, \"ts\": integer, \"class\": index or name}");
                }
                String label = node.get("class").asText();
                int k = model.card().classIndex(label, model.classifier().numClasses()).orElseThrow(() -> new IllegalArgumentException(
                        where + ": class " + label + " is not one of the model's classes"));
                Integer before = classes.computeIfAbsent(node.get("series").asText(), s -> new HashMap<>())
                        .put(node.get("ts").asLong(), k);
                if (before != null && before != k) {
                    throw new IllegalArgumentException(where + " gives series " + node.get("series").asText() + " at ts "
                            + node.get("ts").asLong() + " class " + k + ", an earlier line gave " + before);
                }
                n += before == null ? 1 : 0;
            }
        }
        return new Labels(classes, n);
    }

    /** The realized class of {@code series} at {@code ts}, if the file has one. */
    public Optional<Integer> of(String series, long ts) {
        Map<Long, Integer> m = classes.get(series);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(ts));
    }

    /** Distinct (series, ts) outcomes read. */
    public int count() {
        return count;
    }
}
