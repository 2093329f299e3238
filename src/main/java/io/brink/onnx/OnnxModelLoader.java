package io.brink.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.DenseLayer;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.RecurrentLayer;
import io.brink.model.SequenceClassifier;
import onnx.Onnx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a sequence classifier exported to ONNX by {@code torch.onnx.export} (opsets 13–17): stacked
 * forward LSTM/GRU/RNN nodes on a batch-first input, the last time step (from the output sequence or
 * the final hidden state), then Gemm or MatMul+Add layers with Relu/Tanh between them and an optional
 * final Softmax (dropped: Brink works on logits). Anything else is refused with a message naming the
 * node. The model card comes from {@code metadata_props} and an optional sidecar JSON file.
 */
public final class OnnxModelLoader {

    static final String SUPPORTED = "Brink maps: 1-3 forward LSTM, GRU (linear_before_reset=1) or RNN (tanh) nodes with zero "
            + "initial state on a batch-first input, the last time step, then Gemm / MatMul+Add layers with Relu or Tanh "
            + "between them and an optional final Softmax, plus shape plumbing (Shape, Gather, Slice, Squeeze, Unsqueeze, "
            + "Reshape, Transpose, Concat, ConstantOfShape, Constant, Cast, Identity, Expand)";

    private static final Set<String> PLUMBING = Set.of("Shape", "Constant", "Gather", "Unsqueeze", "Squeeze", "Concat",
            "ConstantOfShape", "Slice", "Transpose", "Reshape", "Identity", "Cast", "Expand", "Flatten");
    private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "RNN");
    private static final Set<String> PASS_THROUGH = Set.of("Squeeze", "Unsqueeze", "Reshape", "Transpose", "Identity", "Flatten");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Onnx.NodeProto> producers = new HashMap<>();
    private final Map<String, Onnx.TensorProto> constants = new HashMap<>();
    private final Set<Onnx.NodeProto> mapped = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Onnx.GraphProto graph;

    private OnnxModelLoader(Onnx.GraphProto graph) {
        this.graph = graph;
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            constants.put(t.getName(), t);
        }
        for (Onnx.NodeProto n : graph.getNodeList()) {
            for (String out : n.getOutputList()) {
                producers.put(out, n);
            }
            if (n.getOpType().equals("Constant")) {
                for (Onnx.AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value")) {
                        constants.put(n.getOutput(0), a.getT());
                    }
                }
            }
        }
    }

    /** Loads a model file, its metadata card and a sidecar card ({@code name.json} or {@code name.card.json}) beside it. */
    public static LoadedModel load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new UnsupportedModelException("model file not found: " + path);
        }
        Onnx.ModelProto proto = readProto(path);
        if (proto.getGraph().getNodeCount() == 0) {
            throw new UnsupportedModelException(path + " holds no ONNX graph");
        }
        OnnxModelLoader loader = new OnnxModelLoader(proto.getGraph());
        SequenceClassifier classifier = loader.classifier();
        ModelCard card = cardFromMetadata(proto);
        Integer steps = loader.staticSteps();
        if (card.windowLength() == null && steps != null) {
            card = card.overriddenBy(new ModelCard(steps, null, null, null, null));
        }
        Path sidecar = sidecar(path);
        if (sidecar != null) {
            try {
                card = card.overriddenBy(JSON.readValue(sidecar.toFile(), ModelCard.class));
            } catch (IOException e) {
                throw new UnsupportedModelException("cannot read model card " + sidecar + ": " + e.getMessage(), e);
            }
        }
        String name = path.getFileName().toString().replaceFirst("\\.onnx$", "");
        try {
            return new LoadedModel(name, classifier, card);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("model card of " + path + " does not fit the model: " + e.getMessage(), e);
        }
    }

    /** Maps an in-memory ONNX model to a classifier (no card). */
    public static SequenceClassifier classifier(Onnx.ModelProto proto) {
        return new OnnxModelLoader(proto.getGraph()).classifier();
    }

    /** A JSON array of numbers stored under {@code key} in the model's metadata_props, or null. */
    public static double[] metadataNumbers(Path path, String key) throws IOException {
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
    private static Onnx.ModelProto readProto(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return Onnx.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new UnsupportedModelException("cannot parse " + path + " as an ONNX model: " + e.getMessage(), e);
        }
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
            for (String key : List.of("window_length", "feature_names", "class_names", "mean", "std")) {
                if (meta.containsKey(key)) {
                    String v = meta.get(key).trim();
                    JsonNode node = v.startsWith("[") || v.matches("-?\\d+") ? JSON.readTree(v) : JSON.getNodeFactory().textNode(v);
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

    private Integer staticSteps() {
        Onnx.ValueInfoProto input = graphInput();
        List<Onnx.TensorShapeProto.Dimension> dims = input.getType().getTensorType().getShape().getDimList();
        if (dims.size() == 3 && dims.get(1).hasDimValue() && dims.get(1).getDimValue() > 0) {
            return (int) dims.get(1).getDimValue();
        }
        return null;
    }

    private Onnx.ValueInfoProto graphInput() {
        List<Onnx.ValueInfoProto> inputs = new ArrayList<>();
        for (Onnx.ValueInfoProto v : graph.getInputList()) {
            if (!constants.containsKey(v.getName())) {
                inputs.add(v);
            }
        }
        if (inputs.size() != 1) {
            throw new UnsupportedModelException("the graph has " + inputs.size() + " inputs; Brink needs exactly one, the windows [N, T, d]");
        }
        return inputs.get(0);
    }

    private SequenceClassifier classifier() {
        if (graph.getOutputCount() != 1) {
            throw new UnsupportedModelException("the graph has " + graph.getOutputCount() + " outputs; Brink needs one, the class scores");
        }
        String inputName = graphInput().getName();
        List<Onnx.NodeProto> recurrentNodes = new ArrayList<>();
        for (Onnx.NodeProto n : graph.getNodeList()) {
            if (RECURRENT.contains(n.getOpType())) {
                recurrentNodes.add(n);
            }
        }
        if (recurrentNodes.isEmpty()) {
            throw new UnsupportedModelException("the graph has no LSTM, GRU or RNN node. " + SUPPORTED);
        }
        if (recurrentNodes.size() > SequenceClassifier.MAX_RECURRENT_LAYERS) {
            throw new UnsupportedModelException("the graph has " + recurrentNodes.size() + " recurrent nodes; Brink supports 1 to "
                    + SequenceClassifier.MAX_RECURRENT_LAYERS);
        }

        // Head: walk back from the output through Softmax, activations and dense layers.
        String cur = graph.getOutput(0).getName();
        Onnx.NodeProto node = producers.get(cur);
        if (node != null && (node.getOpType().equals("Softmax") || node.getOpType().equals("LogSoftmax"))) {
            mapped.add(node);
            cur = node.getInput(0);
            node = producers.get(cur);
        }
        List<DenseLayer> head = new ArrayList<>();
        Activation pending = Activation.IDENTITY;
        boolean pendingSet = false;
        while (node != null) {
            String op = node.getOpType();
            if (op.equals("Relu") || op.equals("Tanh")) {
                if (pendingSet) {
                    throw refuse(node, "two activations in a row");
                }
                pending = op.equals("Relu") ? Activation.RELU : Activation.TANH;
                pendingSet = true;
                mapped.add(node);
                cur = node.getInput(0);
            } else if (op.equals("Gemm")) {
                head.add(0, gemmLayer(node, pending));
                pending = Activation.IDENTITY;
                pendingSet = false;
                mapped.add(node);
                cur = node.getInput(0);
            } else if (op.equals("Add") || op.equals("MatMul")) {
                Onnx.NodeProto matmul = node;
                double[] bias = null;
                if (op.equals("Add")) {
                    int constIdx = constants.containsKey(node.getInput(1)) ? 1 : constants.containsKey(node.getInput(0)) ? 0 : -1;
                    matmul = constIdx < 0 ? null : producers.get(node.getInput(1 - constIdx));
                    if (matmul == null || !matmul.getOpType().equals("MatMul")) {
                        break;
                    }
                    bias = OnnxTensors.values(constants.get(node.getInput(constIdx)));
                    mapped.add(node);
                }
                head.add(0, matmulLayer(matmul, bias, pending));
                pending = Activation.IDENTITY;
                pendingSet = false;
                mapped.add(matmul);
                cur = matmul.getInput(0);
            } else {
                break;
            }
            node = producers.get(cur);
        }
        if (head.isEmpty()) {
            throw new UnsupportedModelException("no dense layer (Gemm or MatMul) found before the graph output. " + SUPPORTED);
        }
        if (pendingSet) {
            throw refuse(producers.get(cur) == null ? node : producers.get(cur),
                    "an activation applied directly to the recurrent output is not supported");
        }

        // Feature: the last time step of the top recurrent layer.
        Onnx.NodeProto top = recurrentNodes.get(recurrentNodes.size() - 1);
        traceLastStep(cur, top, recurrentNodes);

        // Recurrent chain.
        List<RecurrentLayer> layers = new ArrayList<>();
        String expected = inputName;
        boolean transposed = false;
        for (Onnx.NodeProto rn : recurrentNodes) {
            boolean[] sawTranspose = new boolean[1];
            String source = traceThrough(rn.getInput(0), sawTranspose);
            if (!source.equals(expected)) {
                throw refuse(rn, "its input does not come from " + (layers.isEmpty() ? "the graph input" : "the previous recurrent layer"));
            }
            if (layers.isEmpty()) {
                transposed = sawTranspose[0];
            }
            layers.add(recurrentLayer(rn, layers.isEmpty() && !transposed));
            mapped.add(rn);
            expected = rn.getOutput(0);
        }

        for (Onnx.NodeProto n : graph.getNodeList()) {
            if (!mapped.contains(n) && !PLUMBING.contains(n.getOpType())) {
                throw refuse(n, "this op is not part of a model Brink can map");
            }
        }
        try {
            return new SequenceClassifier(layers, head);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("the ONNX graph does not form a valid classifier: " + e.getMessage(), e);
        }
    }

    private static UnsupportedModelException refuse(Onnx.NodeProto node, String why) {
        String name = node.getName().isEmpty() ? String.join(",", node.getOutputList()) : node.getName();
        return new UnsupportedModelException("cannot map node '" + name + "' (op " + node.getOpType() + "): " + why + ". " + SUPPORTED);
    }

    /** Follows pass-through ops back from a tensor name; records whether a Transpose was crossed. */
    private String traceThrough(String name, boolean[] sawTranspose) {
        String cur = name;
        Onnx.NodeProto p = producers.get(cur);
        while (p != null && PASS_THROUGH.contains(p.getOpType())) {
            if (p.getOpType().equals("Transpose")) {
                sawTranspose[0] = true;
            }
            cur = p.getInput(0);
            p = producers.get(cur);
        }
        return cur;
    }

    private void traceLastStep(String feature, Onnx.NodeProto top, List<Onnx.NodeProto> recurrent) {
        String cur = feature;
        boolean selectedLast = false;
        while (true) {
            Onnx.NodeProto p = producers.get(cur);
            if (p == null) {
                throw new UnsupportedModelException("the first dense layer does not read a recurrent layer's output. " + SUPPORTED);
            }
            String op = p.getOpType();
            if (RECURRENT.contains(op)) {
                int idx = p.getOutputList().indexOf(cur);
                if (p != top) {
                    throw refuse(p, "the head must read the top recurrent layer");
                }
                if (idx == 1 || (idx == 0 && selectedLast)) {
                    return;
                }
                throw refuse(p, "the head must read the last time step (Y at index -1, or Y_h)");
            }
            switch (op) {
                case "Gather" -> {
                    double[] idx = constants.containsKey(p.getInput(1)) ? OnnxTensors.values(constants.get(p.getInput(1))) : null;
                    if (idx == null || idx.length != 1 || idx[0] != -1) {
                        throw refuse(p, "the head must select the last time step with index -1");
                    }
                    selectedLast = true;
                    cur = p.getInput(0);
                }
                case "Slice" -> {
                    double[] starts = constants.containsKey(p.getInput(1)) ? OnnxTensors.values(constants.get(p.getInput(1))) : null;
                    if (starts == null || starts.length != 1 || starts[0] != -1) {
                        throw refuse(p, "the head must slice the last time step ([-1:])");
                    }
                    selectedLast = true;
                    cur = p.getInput(0);
                }
                case "Concat" -> {
                    // torch stacks the final hidden states of all layers; with index -1 this is the top layer's.
                    for (String in : p.getInputList()) {
                        Onnx.NodeProto q = producers.get(in);
                        if (q == null || !recurrent.contains(q) || q.getOutputList().indexOf(in) != 1) {
                            throw refuse(p, "only a stack of the layers' final hidden states can be concatenated");
                        }
                    }
                    if (!selectedLast) {
                        throw refuse(p, "the head must take the last layer's final hidden state");
                    }
                    cur = p.getInput(p.getInputCount() - 1);
                    selectedLast = false;
                    Onnx.NodeProto q = producers.get(cur);
                    if (q != top) {
                        throw refuse(p, "the last stacked hidden state must be the top layer's");
                    }
                }
                default -> {
                    if (!PASS_THROUGH.contains(op)) {
                        throw refuse(p, "unexpected op between the recurrent layers and the head");
                    }
                    cur = p.getInput(0);
                }
            }
        }
    }

    private Map<String, Onnx.AttributeProto> attributes(Onnx.NodeProto n) {
        Map<String, Onnx.AttributeProto> m = new HashMap<>();
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            m.put(a.getName(), a);
        }
        return m;
    }

    private Onnx.TensorProto constant(Onnx.NodeProto node, int input, String what) {
        if (node.getInputCount() <= input || node.getInput(input).isEmpty()) {
            return null;
        }
        Onnx.TensorProto t = constants.get(node.getInput(input));
        if (t == null) {
            throw refuse(node, what + " must be a constant initializer");
        }
        return t;
    }

    private DenseLayer gemmLayer(Onnx.NodeProto n, Activation activation) {
        Map<String, Onnx.AttributeProto> a = attributes(n);
        if (a.containsKey("transA") && a.get("transA").getI() != 0) {
            throw refuse(n, "transA=1 is not supported");
        }
        boolean transB = a.containsKey("transB") && a.get("transB").getI() != 0;
        double alpha = a.containsKey("alpha") ? a.get("alpha").getF() : 1.0;
        double beta = a.containsKey("beta") ? a.get("beta").getF() : 1.0;
        Onnx.TensorProto w = constant(n, 1, "the weight");
        long[] dims = OnnxTensors.dims(w);
        if (dims.length != 2) {
            throw refuse(n, "the weight must be a matrix");
        }
        int out = (int) (transB ? dims[0] : dims[1]);
        int in = (int) (transB ? dims[1] : dims[0]);
        double[] raw = OnnxTensors.values(w);
        double[] weight = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                weight[o * in + i] = alpha * (transB ? raw[o * in + i] : raw[i * out + o]);
            }
        }
        double[] bias = new double[out];
        Onnx.TensorProto c = constant(n, 2, "the bias");
        if (c != null) {
            double[] b = OnnxTensors.values(c);
            if (b.length != out && b.length != 1) {
                throw refuse(n, "the bias must have one value per output");
            }
            for (int o = 0; o < out; o++) {
                bias[o] = beta * (b.length == 1 ? b[0] : b[o]);
            }
        }
        return new DenseLayer(in, out, weight, bias, activation);
    }

    private DenseLayer matmulLayer(Onnx.NodeProto n, double[] bias, Activation activation) {
        Onnx.TensorProto w = constant(n, 1, "the weight");
        long[] dims = OnnxTensors.dims(w);
        if (dims.length != 2) {
            throw refuse(n, "the weight must be a matrix [in, out]");
        }
        int in = (int) dims[0];
        int out = (int) dims[1];
        double[] raw = OnnxTensors.values(w);
        double[] weight = new double[out * in];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                weight[o * in + i] = raw[i * out + o];
            }
        }
        double[] b = new double[out];
        if (bias != null) {
            if (bias.length != out) {
                throw refuse(n, "the bias must have one value per output");
            }
            b = bias;
        }
        return new DenseLayer(in, out, weight, b, activation);
    }

    private boolean isZero(String name) {
        if (name.isEmpty()) {
            return true;
        }
        Onnx.TensorProto t = constants.get(name);
        if (t != null) {
            for (double v : OnnxTensors.values(t)) {
                if (v != 0) {
                    return false;
                }
            }
            return true;
        }
        Onnx.NodeProto p = producers.get(name);
        if (p == null) {
            return false;
        }
        return switch (p.getOpType()) {
            case "ConstantOfShape" -> {
                Onnx.AttributeProto v = attributes(p).get("value");
                yield v == null || isAllZero(OnnxTensors.values(v.getT()));
            }
            case "Slice", "Squeeze", "Unsqueeze", "Reshape", "Expand", "Identity", "Cast", "Transpose" -> isZero(p.getInput(0));
            default -> false;
        };
    }

    private static boolean isAllZero(double[] v) {
        for (double x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private RecurrentLayer recurrentLayer(Onnx.NodeProto n, boolean timeMajorInput) {
        Map<String, Onnx.AttributeProto> a = attributes(n);
        String op = n.getOpType();
        CellType cell = switch (op) {
            case "LSTM" -> CellType.LSTM;
            case "GRU" -> CellType.GRU;
            default -> CellType.RNN_TANH;
        };
        if (a.containsKey("direction") && !a.get("direction").getS().toStringUtf8().equals("forward")) {
            throw refuse(n, "only forward (unidirectional) layers are supported, got direction="
                    + a.get("direction").getS().toStringUtf8());
        }
        if (a.containsKey("clip")) {
            throw refuse(n, "cell clipping is not supported");
        }
        if (a.containsKey("input_forget") && a.get("input_forget").getI() != 0) {
            throw refuse(n, "input_forget=1 is not supported");
        }
        long layout = a.containsKey("layout") ? a.get("layout").getI() : 0;
        if (layout == 0 && timeMajorInput) {
            throw refuse(n, "the model reads time-major input [T, N, d]; export it with batch_first=True");
        }
        List<String> expectedActs = switch (cell) {
            case LSTM -> List.of("sigmoid", "tanh", "tanh");
            case GRU -> List.of("sigmoid", "tanh");
            case RNN_TANH -> List.of("tanh");
        };
        if (a.containsKey("activations")) {
            List<String> acts = new ArrayList<>();
            for (var s : a.get("activations").getStringsList()) {
                acts.add(s.toStringUtf8().toLowerCase(Locale.ROOT));
            }
            if (!acts.equals(expectedActs)) {
                throw refuse(n, "activations " + acts + " are not supported (only " + expectedActs + ")");
            }
        }
        if (cell == CellType.GRU && (!a.containsKey("linear_before_reset") || a.get("linear_before_reset").getI() != 1)) {
            throw refuse(n, "GRU needs linear_before_reset=1 (PyTorch semantics)");
        }
        if (n.getInputCount() > 4 && !n.getInput(4).isEmpty()) {
            throw refuse(n, "sequence_lens is not supported: every window has the full length");
        }
        if (n.getInputCount() > 5 && !isZero(n.getInput(5))) {
            throw refuse(n, "the initial hidden state must be zero");
        }
        if (cell == CellType.LSTM && n.getInputCount() > 6 && !isZero(n.getInput(6))) {
            throw refuse(n, "the initial cell state must be zero");
        }
        if (cell == CellType.LSTM && n.getInputCount() > 7 && !n.getInput(7).isEmpty()) {
            throw refuse(n, "peephole weights are not supported");
        }
        Onnx.TensorProto wT = constant(n, 1, "W");
        Onnx.TensorProto rT = constant(n, 2, "R");
        Onnx.TensorProto bT = constant(n, 3, "B");
        long[] wd = OnnxTensors.dims(wT);
        if (wd.length != 3 || wd[0] != 1) {
            throw refuse(n, "W must be [1, gates*hidden, input]");
        }
        int gates = cell.gates();
        int hidden = (int) (wd[1] / gates);
        int in = (int) wd[2];
        if (a.containsKey("hidden_size") && a.get("hidden_size").getI() != hidden) {
            throw refuse(n, "hidden_size does not match W");
        }
        double[] w = OnnxTensors.values(wT);
        double[] r = OnnxTensors.values(rT);
        double[] b = bT == null ? new double[2 * gates * hidden] : OnnxTensors.values(bT);
        if (r.length != gates * hidden * hidden || b.length != 2 * gates * hidden) {
            throw refuse(n, "R or B has the wrong size for hidden size " + hidden);
        }
        // ONNX gate blocks → PyTorch gate blocks. LSTM: ONNX i,o,f,c → torch i,f,g,o. GRU: ONNX z,r,h → torch r,z,n.
        int[] fromOnnx = switch (cell) {
            case LSTM -> new int[] {0, 2, 3, 1};
            case GRU -> new int[] {1, 0, 2};
            case RNN_TANH -> new int[] {0};
        };
        double[] wIh = reorder(w, fromOnnx, hidden, in);
        double[] wHh = reorder(r, fromOnnx, hidden, hidden);
        double[] bIh = reorder(java.util.Arrays.copyOfRange(b, 0, gates * hidden), fromOnnx, hidden, 1);
        double[] bHh = reorder(java.util.Arrays.copyOfRange(b, gates * hidden, 2 * gates * hidden), fromOnnx, hidden, 1);
        return new RecurrentLayer(cell, in, hidden, wIh, wHh, bIh, bHh);
    }

    private static double[] reorder(double[] onnx, int[] fromOnnx, int hidden, int cols) {
        double[] out = new double[onnx.length];
        int block = hidden * cols;
        for (int g = 0; g < fromOnnx.length; g++) {
            System.arraycopy(onnx, fromOnnx[g] * block, out, g * block, block);
        }
        return out;
    }

}
