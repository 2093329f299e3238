package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.brink.model.ModelCard;
import io.brink.model.UncertaintySpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a model card's JSON object field by field, checking each field's type and size against the model it describes,
 * so that a wrong card is one line saying what the field must be and what it holds ("{@code std} must be a list of 2
 * numbers, one per feature; got the string "5.0""), not a Jackson reference chain. Unknown fields are ignored.
 */
final class CardReader {

    /** The onnx package's one JSON mapper (cards, sidecars, manifests, metadata values); Optional-aware. */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());

    private CardReader() {
    }

    /**
     * The card in {@code node} (a JSON object), read from {@code where}, for a model taking {@code features} values per step
     * and giving {@code classes} classes.
     */
    static ModelCard read(JsonNode node, String where, int features, int classes) {
        if (node == null || !node.isObject()) {
            throw new UnsupportedModelException("the model card in " + where + " must be a JSON object; got " + what(node));
        }
        Optional<Integer> window = Optional.empty();
        JsonNode w = node.get("window_length");
        if (present(w)) {
            if (!w.isIntegralNumber() || !w.canConvertToInt() || w.asInt() < 1) {
                throw wrong(where, "window_length", "a whole number of steps, at least 1", w);
            }
            window = Optional.of(w.asInt());
        }
        Optional<List<String>> featureNames = names(node, "feature_names", where, features, "feature");
        Optional<List<String>> classNames = names(node, "class_names", where, classes, "class");
        Optional<double[]> mean = numbers(node, "mean", where, features);
        Optional<double[]> std = numbers(node, "std", where, features);
        Optional<UncertaintySpec> uncertainty = Optional.empty();
        JsonNode u = node.get("uncertainty");
        if (present(u)) {
            if (!u.isObject()) {
                throw wrong(where, "uncertainty", "an object {\"method\": …, \"passes\": …}", u);
            }
            try {
                uncertainty = Optional.of(JSON.treeToValue(u, UncertaintySpec.class));
            } catch (Exception e) {
                String msg = e.getCause() instanceof IllegalArgumentException iae ? iae.getMessage() : e.getMessage().split("\n")[0];
                throw new UnsupportedModelException("the model card in " + where + ": `uncertainty` cannot be read: " + msg, e);
            }
        }
        return new ModelCard(window, featureNames, classNames, mean, std, uncertainty);
    }

    private static Optional<List<String>> names(JsonNode node, String field, String where, int count, String what) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return Optional.empty();
        }
        String must = "a list of " + count + " strings, one per " + what;
        if (!v.isArray() || v.size() != count) {
            throw wrong(where, field, must, v);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual() || x.asText().isBlank()) {
                throw wrong(where, field, must + " (none blank)", v);
            }
            out.add(x.asText());
        }
        if (out.stream().distinct().count() != out.size()) {
            throw new UnsupportedModelException("the model card in " + where + ": `" + field + "` names one " + what + " twice: " + out);
        }
        return Optional.of(out);
    }

    private static Optional<double[]> numbers(JsonNode node, String field, String where, int features) {
        JsonNode v = node.get(field);
        if (!present(v)) {
            return Optional.empty();
        }
        String must = "a list of " + features + " numbers, one per feature";
        if (!v.isArray() || v.size() != features) {
            throw wrong(where, field, must, v);
        }
        double[] out = new double[features];
        for (int i = 0; i < features; i++) {
            if (!v.get(i).isNumber() || !Double.isFinite(v.get(i).asDouble())) {
                throw wrong(where, field, must, v);
            }
            out[i] = v.get(i).asDouble();
        }
        return Optional.of(out);
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !v.isMissingNode();
    }

    private static UnsupportedModelException wrong(String where, String field, String must, JsonNode got) {
        return new UnsupportedModelException("the model card in " + where + ": `" + field + "` must be " + must + "; got " + what(got));
    }

    /** What a JSON value is, in words: the string "5.0", the number 5, a list of 3 items, an object, … */
    static String what(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "null";
        }
        String text = v.toString();
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        if (v.isTextual()) {
            return "the string " + shown;
        }
        if (v.isNumber()) {
            return "the number " + shown;
        }
        if (v.isBoolean()) {
            return "the boolean " + shown;
        }
        if (v.isArray()) {
            return "a list of " + v.size() + (v.size() == 1 ? " item: " : " items: ") + shown;
        }
        return "an object: " + shown;
    }
}
