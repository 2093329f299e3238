package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import io.brink.model.CardOrigin;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import io.brink.model.graph.Graph;
import onnx.Onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Loads a sequence classifier exported to ONNX by {@code torch.onnx.export} (opsets 13–17): stacked
 * forward LSTM/GRU/RNN nodes on a batch-first input, the last time step (from the output sequence or
 * the final hidden state), then Gemm or MatMul+Add layers with Relu/Tanh between them and an optional
 * final Softmax (dropped: Brink works on logits). Anything else is refused with a message naming the
 * node. The model card comes from {@code metadata_props} and an optional sidecar JSON file.
 */
public final class OnnxModelLoader {

    /** Model file size at most: an RNN classifier's export is kilobytes to tens of megabytes. */
    static final long MAX_FILE_BYTES = 512L << 20;

    private OnnxModelLoader() {
    }

    /** One network read from its file, with its card, where that came from, and the bytes its version is computed from. */
    private record Member(Network classifier, ModelCard card, CardOrigin origin, InputShape input, boolean windowFromInput,
                          byte[] modelBytes, byte[] cardBytes) {
    }

    /**
     * Loads a model: an ONNX file (its metadata card and a sidecar card {@code <stem>.card.json}, {@code <stem>.json} or
     * {@code <file>.json} beside it), an ensemble manifest ({@code *.json}: {@code {"members": ["a.onnx", …]}}, paths
     * relative to the manifest, optional model card fields beside them), or a directory whose {@code *.onnx} files (by
     * name) are the members of an ensemble. The card's window length is filled from a static time dimension.
     */
    public static LoadedModel load(Path path) throws IOException {
        return read(path).model();
    }

    /** Reads a model as {@link #load} does, and says where its card came from and what input shape it declares. */
    public static ModelSource read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> members = directoryMembers(path);
            return ensemble(path.getFileName().toString(), members, null, new byte[0], path);
        }
        if (path.getFileName().toString().endsWith(".json")) {
            if (!Files.isRegularFile(path)) {
                throw new UnsupportedModelException("ensemble manifest not found: " + path);
            }
            byte[] manifestBytes = Files.readAllBytes(path);
            EnsembleManifest manifest = EnsembleManifest.parse(path, manifestBytes);
            return ensemble(path.getFileName().toString().replaceFirst("\\.json$", ""), manifest.members(), manifest.cardFields(),
                    manifestBytes, path);
        }
        Member m = member(path);
        String name = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        try {
            return new ModelSource(new LoadedModel(name, version(List.of(m.modelBytes(), m.cardBytes())), m.classifier(), m.card()),
                    m.origin(), m.input(), m.windowFromInput());
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
     * the same window length, class names and normalization (its card's); the manifest's card fields (null: none)
     * override theirs.
     */
    private static ModelSource ensemble(String name, List<Path> paths, com.fasterxml.jackson.databind.JsonNode cardFields,
                                        byte[] manifestBytes, Path source) throws IOException {
        List<Member> members = new ArrayList<>();
        for (Path p : paths) {
            members.add(member(p));
        }
        Member head = members.get(0);
        ModelCard first = head.card();
        for (int m = 1; m < members.size(); m++) {
            ModelCard c = members.get(m).card();
            String differs = !c.windowLength().equals(first.windowLength()) ? "window_length"
                    : !c.classNames().equals(first.classNames()) ? "class_names"
                    : !c.featureNames().equals(first.featureNames()) ? "feature_names"
                    : !sameNumbers(c.mean(), first.mean()) || !sameNumbers(c.std(), first.std()) ? "normalization (mean/std)"
                    : null;
            if (differs != null) {
                throw new UnsupportedModelException("ensemble " + source + ": member " + paths.get(m).getFileName() + " differs from "
                        + paths.get(0).getFileName() + " in its card's " + differs + " (" + show(c, differs) + " against "
                        + show(first, differs) + "); members must read and mean the same inputs");
            }
        }
        List<byte[]> bytes = new ArrayList<>();
        bytes.add(manifestBytes);
        for (Member m : members) {
            bytes.add(m.modelBytes());
            bytes.add(m.cardBytes());
        }
        CardOrigin origin = CardOrigin.none();
        List<String> kinds = head.origin().sources().stream().map(s -> s.startsWith("sidecar ") ? "sidecars" : s).toList();
        if (!kinds.isEmpty()) {
            origin = origin.then(String.join(" + ", kinds) + " of its " + members.size() + " members");
        }
        ModelCard card = first;
        boolean windowFromInput = head.windowFromInput();
        if (cardFields != null && cardFields.size() > 0) {
            ModelCard fromManifest = CardReader.read(cardFields, "ensemble manifest " + source.getFileName(),
                    head.classifier().inputSize(), head.classifier().numClasses());
            if (fromManifest.windowLength().isPresent()) {
                head.input().checkSteps(fromManifest.windowLength().get(), "the window_length of ensemble manifest " + source.getFileName());
                windowFromInput = false;
            }
            card = card.overriddenBy(fromManifest);
            origin = origin.then("manifest " + source.getFileName());
        }
        try {
            return new ModelSource(new LoadedModel(name, version(bytes), members.stream().<Network>map(Member::classifier).toList(), card),
                    origin, head.input(), windowFromInput);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("ensemble " + source + ": " + e.getMessage(), e);
        }
    }

    /** A card field as text, for a message naming both sides. */
    private static String show(ModelCard c, String field) {
        return switch (field) {
            case "window_length" -> c.windowLength().map(String::valueOf).orElse("none");
            case "class_names" -> c.classNames().map(Object::toString).orElse("none");
            case "feature_names" -> c.featureNames().map(Object::toString).orElse("none");
            default -> "mean " + c.mean().map(Arrays::toString).orElse("none") + ", std " + c.std().map(Arrays::toString).orElse("none");
        };
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
        Network classifier;
        InputShape input;
        try {
            graph = new OnnxGraph(proto.getGraph());
            Optional<SequenceClassifier> fixed = GraphMapper.tryMap(graph);
            if (fixed.isPresent()) {
                classifier = fixed.get();
                input = graph.inputShape();
            } else {
                GraphImporter importer = new GraphImporter(graph, GraphImporter.opset(proto));
                Graph imported = importer.graph();
                classifier = imported;
                GraphImporter.Layout layout = importer.inputLayout();
                input = new InputShape(graph.graphInput().getName(), layout.steps(), Optional.of(layout.features()));
            }
        } catch (UnsupportedModelException e) {
            throw new UnsupportedModelException(path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A graph that parses but is inconsistent in a way no check above names: still one clear line, not a stack trace.
            throw new UnsupportedModelException(path + ": the graph is malformed (" + e + ")", e);
        }
        int d = classifier.inputSize();
        int k = classifier.numClasses();
        if (input.features().isPresent() && input.features().get() != d) {
            throw new UnsupportedModelException(path + ": the " + input.describe() + " declares " + input.features().get()
                    + " features per step but its first recurrent layer reads " + d);
        }
        CardOrigin origin = CardOrigin.none();
        ModelCard card = ModelCard.empty();
        ModelCard meta = CardSources.fromMetadata(proto, path, d, k);
        if (meta != null) {
            card = meta;
            origin = origin.then("metadata_props");
        }
        Path sidecar = CardSources.sidecar(path);
        byte[] cardBytes = new byte[0];
        if (sidecar != null) {
            JsonNode node;
            try {
                cardBytes = Files.readAllBytes(sidecar);
                node = CardReader.JSON.readTree(cardBytes);
            } catch (IOException e) {
                throw new UnsupportedModelException("cannot read model card " + sidecar + ": " + e.getMessage().split("\n")[0], e);
            }
            card = card.overriddenBy(CardReader.read(node, "sidecar " + sidecar, d, k));
            origin = origin.then("sidecar " + sidecar.getFileName());
        }
        if (card.windowLength().isPresent()) {
            input.checkSteps(card.windowLength().get(), path.getFileName() + ": the card's window_length ("
                    + String.join(" + ", origin.sources()) + ")");
        }
        boolean windowFromInput = card.windowLength().isEmpty() && input.steps().isPresent();
        if (windowFromInput) {
            card = card.overriddenBy(ModelCard.ofWindowLength(input.steps().get()));
        }
        return new Member(classifier, card, origin, input, windowFromInput, bytes, cardBytes);
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
                JsonNode n = CardReader.JSON.readTree(e.getValue());
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
        Path card = CardSources.sidecar(model);
        return card == null ? List.of(model) : List.of(model, card);
    }

}
