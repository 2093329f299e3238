package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.SequenceClassifier;
import onnx.Onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a sequence classifier exported to ONNX by {@code torch.onnx.export} (opsets 13–17): stacked
 * forward LSTM/GRU/RNN nodes on a batch-first input, the last time step (from the output sequence or
 * the final hidden state), then Gemm or MatMul+Add layers with Relu/Tanh between them and an optional
 * final Softmax (dropped: Brink works on logits). Anything else is refused with a message naming the
 * node. The model card comes from {@code metadata_props} and an optional sidecar JSON file.
 */
public final class OnnxModelLoader {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module());
    /** Model file size at most: an RNN classifier's export is kilobytes to tens of megabytes. */
    static final long MAX_FILE_BYTES = 512L << 20;

    private OnnxModelLoader() {
    }

    /** One network read from its file, with its card and the bytes its version is computed from. */
    private record Member(SequenceClassifier classifier, ModelCard card, byte[] modelBytes, byte[] cardBytes) {
    }

    /**
     * Loads a model: an ONNX file (its metadata card and a sidecar card {@code name.json} or {@code name.card.json}
     * beside it), an ensemble manifest ({@code *.json}: {@code {"members": ["a.onnx", …]}}, paths relative to the
     * manifest, optional model card fields beside them), or a directory whose {@code *.onnx} files (by name) are the
     * members of an ensemble.
     */
    public static LoadedModel load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> members = directoryMembers(path);
            return ensemble(path.getFileName().toString(), members, ModelCard.empty(), new byte[0], path);
        }
        if (path.getFileName().toString().endsWith(".json")) {
            if (!Files.isRegularFile(path)) {
                throw new UnsupportedModelException("ensemble manifest not found: " + path);
            }
            byte[] manifestBytes = Files.readAllBytes(path);
            EnsembleManifest manifest = EnsembleManifest.parse(path, manifestBytes);
            return ensemble(path.getFileName().toString().replaceFirst("\\.json$", ""), manifest.members(), manifest.card(),
                    manifestBytes, path);
        }
        Member m = member(path);
        String name = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        try {
            return new LoadedModel(name, version(List.of(m.modelBytes(), m.cardBytes())), m.classifier(), m.card());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("model card of " + path + " does not fit the model: " + e.getMessage(), e);
        }
    }

    private static List<Path> directoryMembers(Path dir) throws IOException {
        List<Path> members;
        try (var files = Files.list(dir)) {
            members = files.filter(p -> p.getFileName().toString().endsWith(".onnx") && Files.isRegularFile(p)).sorted().toList();
        }
        if (members.isEmpty()) {
            throw new UnsupportedModelException("model directory " + dir + " holds no .onnx files");
        }
        return members;
    }

    /**
     * An ensemble of the member files: every member must take the same features, give the same classes and carry
     * the same window length, class names and normalization (its card's); {@code card}'s fields override theirs.
     */
    private static LoadedModel ensemble(String name, List<Path> paths, ModelCard card, byte[] manifestBytes, Path source)
            throws IOException {
        List<Member> members = new ArrayList<>();
        for (Path p : paths) {
            members.add(member(p));
        }
        ModelCard first = members.get(0).card();
        for (int m = 1; m < members.size(); m++) {
            ModelCard c = members.get(m).card();
            String differs = !c.windowLength().equals(first.windowLength()) ? "window_length"
                    : !c.classNames().equals(first.classNames()) ? "class_names"
                    : !c.featureNames().equals(first.featureNames()) ? "feature_names"
                    : !sameNumbers(c.mean(), first.mean()) || !sameNumbers(c.std(), first.std()) ? "normalization (mean/std)"
                    : null;
            if (differs != null) {
                throw new UnsupportedModelException("ensemble " + source + ": member " + paths.get(m).getFileName() + " differs from "
                        + paths.get(0).getFileName() + " in its card's " + differs + "; members must read and mean the same inputs");
            }
        }
        List<byte[]> bytes = new ArrayList<>();
        bytes.add(manifestBytes);
        for (Member m : members) {
            bytes.add(m.modelBytes());
            bytes.add(m.cardBytes());
        }
        try {
            return new LoadedModel(name, version(bytes), members.stream().map(Member::classifier).toList(), first.overriddenBy(card));
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("ensemble " + source + ": " + e.getMessage(), e);
        }
    }

    private static boolean sameNumbers(Optional<double[]> a, Optional<double[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    private static Member member(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new UnsupportedModelException("model file not found: " + path);
        }
        if (Files.size(path) > MAX_FILE_BYTES) {
            throw new UnsupportedModelException(path + " has " + Files.size(path) + " bytes; Brink reads model files of at most "
                    + MAX_FILE_BYTES);
        }
        byte[] bytes = Files.readAllBytes(path);
        Onnx.ModelProto proto = parse(path, bytes);
        if (proto.getGraph().getNodeCount() == 0) {
            throw new UnsupportedModelException(path + " holds no ONNX graph");
        }
        OnnxGraph graph;
        SequenceClassifier classifier;
        try {
            graph = new OnnxGraph(proto.getGraph());
            classifier = new GraphMapper(graph).classifier();
        } catch (UnsupportedModelException e) {
            throw new UnsupportedModelException(path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A graph that parses but is inconsistent in a way no check above names: still one clear line, not a stack trace.
            throw new UnsupportedModelException(path + ": the graph is malformed (" + e + ")", e);
        }
        ModelCard card = cardFromMetadata(proto);
        Integer steps = graph.staticSteps();
        if (card.windowLength().isEmpty() && steps != null) {
            card = card.overriddenBy(ModelCard.ofWindowLength(steps));
        }
        Path sidecar = sidecar(path);
        byte[] cardBytes = new byte[0];
        if (sidecar != null) {
            try {
                cardBytes = Files.readAllBytes(sidecar);
                card = card.overriddenBy(JSON.readValue(cardBytes, ModelCard.class));
            } catch (IOException e) {
                throw new UnsupportedModelException("cannot read model card " + sidecar + ": " + e.getMessage(), e);
            }
        }
        return new Member(classifier, card, bytes, cardBytes);
    }

    /** Maps an in-memory ONNX model to a classifier (no card). */
    public static SequenceClassifier classifier(Onnx.ModelProto proto) {
        return new GraphMapper(new OnnxGraph(proto.getGraph())).classifier();
    }

    /**
     * A JSON array of numbers stored under {@code key} in the model's metadata_props (for an ensemble, its first
     * member's), or null.
     */
    public static double[] metadataNumbers(Path path, String key) throws IOException {
        if (Files.isDirectory(path)) {
            return metadataNumbers(directoryMembers(path).get(0), key);
        }
        if (path.getFileName().toString().endsWith(".json")) {
            return metadataNumbers(EnsembleManifest.parse(path, Files.readAllBytes(path)).members().get(0), key);
        }
        for (Onnx.StringStringEntryProto e : readProto(path).getMetadataPropsList()) {
            if (e.getKey().equals(key)) {
                JsonNode n = JSON.readTree(e.getValue());
                double[] out = new double[n.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = n.get(i).asDouble();
                }
                return out;
            }
        }
        return null;
    }

    /** Parses an ONNX file; a file that is not ONNX is an UnsupportedModelException naming it. */
    private static Onnx.ModelProto readProto(Path path) throws IOException {
        return parse(path, Files.readAllBytes(path));
    }

    /** Parses the bytes of an ONNX file; bytes that are not ONNX are an UnsupportedModelException naming the file. */
    private static Onnx.ModelProto parse(Path path, byte[] bytes) {
        try {
            return Onnx.ModelProto.parseFrom(bytes);
        } catch (IOException e) {
            throw new UnsupportedModelException("cannot parse " + path + " as an ONNX model: " + e.getMessage(), e);
        }
    }

    /** "sha256:" and the first 16 hex digits of the SHA-256 of the parts, in order. */
    static String version(List<byte[]> parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            parts.forEach(sha::update);
            return "sha256:" + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The files {@link #load} would read: the model file and the card beside it (when there is one); for a manifest,
     * the manifest and its members' files; for a directory, its members' files. A manifest that cannot be read
     * yields itself alone (loading it says why).
     */
    public static List<Path> files(Path model) {
        if (Files.isDirectory(model)) {
            try {
                List<Path> out = new ArrayList<>();
                for (Path m : directoryMembers(model)) {
                    out.addAll(files(m));
                }
                return out;
            } catch (IOException | UnsupportedModelException e) {
                return List.of(model);
            }
        }
        if (model.getFileName().toString().endsWith(".json")) {
            List<Path> out = new ArrayList<>(List.of(model));
            try {
                for (Path m : EnsembleManifest.parse(model, Files.readAllBytes(model)).members()) {
                    out.addAll(files(m));
                }
            } catch (IOException | UnsupportedModelException e) {
                return out;
            }
            return out;
        }
        Path card = sidecar(model);
        return card == null ? List.of(model) : List.of(model, card);
    }

    private static Path sidecar(Path model) {
        String base = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        for (String candidate : List.of(base + ".card.json", base + ".json", model.getFileName() + ".json")) {
            Path p = model.resolveSibling(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static ModelCard cardFromMetadata(Onnx.ModelProto proto) {
        Map<String, String> meta = new HashMap<>();
        for (Onnx.StringStringEntryProto e : proto.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        try {
            ModelCard card = ModelCard.empty();
            if (meta.containsKey("brink.model_card")) {
                card = JSON.readValue(meta.get("brink.model_card"), ModelCard.class);
            }
            Map<String, Object> fields = new HashMap<>();
            for (String key : List.of("window_length", "feature_names", "class_names", "mean", "std", "uncertainty")) {
                if (meta.containsKey(key)) {
                    String v = meta.get(key).trim();
                    JsonNode node = v.startsWith("[") || v.startsWith("{") || v.matches("-?\\d+") ? JSON.readTree(v) : JSON.getNodeFactory().textNode(v);
                    fields.put(key, node);
                }
            }
            if (!fields.isEmpty()) {
                card = card.overriddenBy(JSON.convertValue(fields, ModelCard.class));
            }
            return card;
        } catch (IOException | IllegalArgumentException e) {
            throw new UnsupportedModelException("the model card in the ONNX metadata_props cannot be read: " + e.getMessage(), e);
        }
    }
}
