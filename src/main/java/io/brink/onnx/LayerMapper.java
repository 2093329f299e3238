package io.brink.onnx;

import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.DenseLayer;
import io.brink.model.RecurrentLayer;
import onnx.Onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.brink.onnx.OnnxGraph.refuse;

/**
 * Maps single ONNX nodes to Brink's layers with PyTorch semantics: Gemm and MatMul(+Add) to dense layers, LSTM,
 * GRU and RNN nodes to recurrent layers with their gate blocks reordered from ONNX's order to PyTorch's.
 */
final class LayerMapper {

    private final OnnxGraph g;

    LayerMapper(OnnxGraph graph) {
        this.g = graph;
    }

    DenseLayer gemmLayer(Onnx.NodeProto n, Activation activation) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        if (a.containsKey("transA") && a.get("transA").getI() != 0) {
            throw refuse(n, "transA=1 is not supported");
        }
        boolean transB = a.containsKey("transB") && a.get("transB").getI() != 0;
        double alpha = a.containsKey("alpha") ? a.get("alpha").getF() : 1.0;
        double beta = a.containsKey("beta") ? a.get("beta").getF() : 1.0;
        Onnx.TensorProto w = g.constant(n, 1, "the weight");
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
        Onnx.TensorProto c = g.constant(n, 2, "the bias");
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

    DenseLayer matmulLayer(Onnx.NodeProto n, double[] bias, Activation activation) {
        Onnx.TensorProto w = g.constant(n, 1, "the weight");
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

    RecurrentLayer recurrentLayer(Onnx.NodeProto n, boolean timeMajorInput) {
        List<MappingProblem> problems = recurrentProblems(n, timeMajorInput);
        if (!problems.isEmpty()) {
            MappingProblem first = problems.get(0);
            throw refuse(n, first.reason(), first.fix().orElse(null), true);
        }
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        CellType cell = cellType(n);
        Onnx.TensorProto wT = g.constant(n, 1, "W");
        Onnx.TensorProto rT = g.constant(n, 2, "R");
        Onnx.TensorProto bT = g.constant(n, 3, "B");
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
        return torchLayer(cell, w, r, b, hidden, in);
    }

    /**
     * One direction's ONNX weights (W [gates·H, in], R [gates·H, H], B [2·gates·H]) as a layer in PyTorch's gate order:
     * LSTM ONNX i,o,f,c → torch i,f,g,o; GRU ONNX z,r,h → torch r,z,n.
     */
    static RecurrentLayer torchLayer(CellType cell, double[] w, double[] r, double[] b, int hidden, int in) {
        int gates = cell.gates();
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

    static CellType cellType(Onnx.NodeProto n) {
        return switch (n.getOpType()) {
            case "LSTM" -> CellType.LSTM;
            case "GRU" -> CellType.GRU;
            default -> CellType.RNN_TANH;
        };
    }

    /**
     * Everything about a recurrent node's own attributes and inputs that Brink cannot map (empty when it maps), each with
     * what to change in PyTorch where that is known. {@code timeMajorInput}: the node reads the graph input without a
     * transpose, so a layout-0 node reads it as [T, N, d].
     */
    List<MappingProblem> recurrentProblems(Onnx.NodeProto n, boolean timeMajorInput) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        CellType cell = cellType(n);
        String torch = switch (cell) {
            case LSTM -> "nn.LSTM";
            case GRU -> "nn.GRU";
            case RNN_TANH -> "nn.RNN";
        };
        List<MappingProblem> out = new ArrayList<>();
        if (a.containsKey("direction") && !a.get("direction").getS().toStringUtf8().equals("forward")) {
            out.add(MappingProblem.of(n, "only forward (unidirectional) layers are supported, got direction="
                    + a.get("direction").getS().toStringUtf8(), torch + "(..., bidirectional=False)", true));
        }
        if (a.containsKey("clip")) {
            out.add(MappingProblem.of(n, "cell clipping (clip) is not supported", "export without clipping the cell", true));
        }
        if (a.containsKey("input_forget") && a.get("input_forget").getI() != 0) {
            out.add(MappingProblem.of(n, "input_forget=1 (coupled input and forget gates) is not supported", null, true));
        }
        long layout = a.containsKey("layout") ? a.get("layout").getI() : 0;
        if (layout == 0 && timeMajorInput) {
            out.add(MappingProblem.of(n, "the model reads time-major input [T, N, d]", torch + "(..., batch_first=True)", true));
        }
        List<String> expectedActs = defaultActivations(cell);
        if (a.containsKey("activations")) {
            List<String> acts = activations(a.get("activations"));
            if (!acts.equals(expectedActs)) {
                out.add(MappingProblem.of(n, "activations " + acts + " are not supported (only " + expectedActs + ")",
                        cell == CellType.RNN_TANH ? "nn.RNN(..., nonlinearity='tanh')" : null, true));
            }
        }
        if (cell == CellType.GRU && (!a.containsKey("linear_before_reset") || a.get("linear_before_reset").getI() != 1)) {
            out.add(MappingProblem.of(n, "GRU needs linear_before_reset=1 (PyTorch semantics); this one applies the reset gate "
                    + "before the recurrent product", "export the GRU from PyTorch's nn.GRU (Keras: reset_after=True)", true));
        }
        if (n.getInputCount() > 4 && !n.getInput(4).isEmpty()) {
            out.add(MappingProblem.of(n, "sequence_lens is not supported: every window has the full length",
                    "export without pack_padded_sequence", true));
        }
        if (n.getInputCount() > 5 && !g.isZero(n.getInput(5))) {
            out.add(MappingProblem.of(n, "the initial hidden state must be zero", "call the layer without h0 (zeros)", true));
        }
        if (cell == CellType.LSTM && n.getInputCount() > 6 && !g.isZero(n.getInput(6))) {
            out.add(MappingProblem.of(n, "the initial cell state must be zero", "call the layer without (h0, c0) (zeros)", true));
        }
        if (cell == CellType.LSTM && n.getInputCount() > 7 && !n.getInput(7).isEmpty()) {
            out.add(MappingProblem.of(n, "peephole weights are not supported", null, true));
        }
        return out;
    }

    /** The ONNX default activations of one direction of a cell (lower case). */
    static List<String> defaultActivations(CellType cell) {
        return switch (cell) {
            case LSTM -> List.of("sigmoid", "tanh", "tanh");
            case GRU -> List.of("sigmoid", "tanh");
            case RNN_TANH -> List.of("tanh");
        };
    }

    /** An {@code activations} attribute's names, lower case. */
    static List<String> activations(Onnx.AttributeProto a) {
        List<String> acts = new ArrayList<>();
        for (var s : a.getStringsList()) {
            acts.add(s.toStringUtf8().toLowerCase(Locale.ROOT));
        }
        return acts;
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
