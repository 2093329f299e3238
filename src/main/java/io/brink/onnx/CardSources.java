package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.model.ModelCard;
import onnx.Onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model's card is found: its ONNX metadata_props ({@code brink.model_card} and single field keys) and the sidecar
 * files beside it, by exactly these names: {@code <stem>.card.json}, {@code <stem>.json}, {@code <file>.json}.
 */
public final class CardSources {


    private CardSources() {
    }

    /**
     * The card in the model's metadata_props ({@code brink.model_card} holding the whole card, and single fields
     * {@code window_length}, {@code feature_names}, … that override it), or null when there is none.
     */
    static ModelCard fromMetadata(Onnx.ModelProto proto, Path path, int features, int classes) {
        Map<String, String> meta = new HashMap<>();
        for (Onnx.StringStringEntryProto e : proto.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        String where = "the ONNX metadata_props of " + path.getFileName();
        com.fasterxml.jackson.databind.node.ObjectNode fields = CardReader.JSON.createObjectNode();
        boolean any = false;
        try {
            if (meta.containsKey(CARD_KEY)) {
                JsonNode whole = CardReader.JSON.readTree(meta.get(CARD_KEY));
                if (whole == null || !whole.isObject()) {
                    throw new UnsupportedModelException("the model card in " + where + ": " + CARD_KEY + " must hold a JSON object; got "
                            + CardReader.what(whole));
                }
                fields.setAll((com.fasterxml.jackson.databind.node.ObjectNode) whole);
                any = true;
            }
            for (String key : CARD_FIELDS) {
                if (meta.containsKey(key)) {
                    String v = meta.get(key).trim();
                    fields.set(key, v.startsWith("[") || v.startsWith("{") || v.matches("-?\\d+") ? CardReader.JSON.readTree(v) : CardReader.JSON.getNodeFactory().textNode(v));
                    any = true;
                }
            }
        } catch (IOException e) {
            throw new UnsupportedModelException("the model card in " + where + " is not valid JSON: " + e.getMessage().split("\n")[0], e);
        }
        return any ? CardReader.read(fields, where, features, classes) : null;
    }

    /** The metadata_props key holding a whole card as CardReader.JSON. */
    public static final String CARD_KEY = "brink.model_card";
    /** The card fields also read one by one from metadata_props. */
    public static final List<String> CARD_FIELDS = List.of("window_length", "feature_names", "class_names", "mean", "std", "uncertainty");

    /**
     * Where a card for {@code model} is looked for, in words, for a refusal: its metadata_props and the sidecar names, and
     * any other JSON file beside it (which Brink does not read as its card).
     */
    public static String cardSearch(Path model) {
        if (Files.isDirectory(model) || model.getFileName().toString().endsWith(".json")) {
            return "the members' metadata_props and sidecars, and the manifest's card fields";
        }
        List<String> names = sidecarNames(model);
        String text = "metadata_props (" + CARD_KEY + ", or keys " + String.join(", ", CARD_FIELDS) + "), then " + String.join(", ", names)
                + " beside it";
        try (var files = Files.list(model.toAbsolutePath().getParent())) {
            List<String> others = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !names.contains(n)).sorted().limit(3).toList();
            if (!others.isEmpty()) {
                text += "; " + String.join(", ", others) + (others.size() == 1 ? " is" : " are") + " not read as its card (rename to "
                        + names.get(0) + ")";
            }
        } catch (IOException e) {
            // the listing is only a hint
        }
        return text;
    }

    private static List<String> sidecarNames(Path model) {
        String base = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        return List.of(base + ".card.json", base + ".json", model.getFileName() + ".json");
    }

    /** The first sidecar card file beside {@code model}, or null. */
    static Path sidecar(Path model) {
        for (String candidate : sidecarNames(model)) {
            Path p = model.resolveSibling(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
