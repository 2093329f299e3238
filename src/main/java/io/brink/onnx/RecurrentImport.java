package io.brink.onnx;

import io.brink.model.CellType;
import io.brink.model.RecurrentLayer;
import io.brink.model.graph.AffineOp;
import io.brink.model.graph.EluOp;
import io.brink.model.graph.HardSigmoidOp;
import io.brink.model.graph.LeakyReluOp;
import io.brink.model.graph.Op;
import io.brink.model.graph.RecurrentOp;
import io.brink.model.graph.ReluOp;
import io.brink.model.graph.ScaledTanhOp;
import io.brink.model.graph.SigmoidOp;
import io.brink.model.graph.SoftplusOp;
import io.brink.model.graph.SoftsignOp;
import io.brink.model.graph.TanhOp;
import io.brink.model.graph.Tensor;
import io.brink.model.graph.ThresholdedReluOp;
import io.brink.model.graph.UnrolledRecurrentOp;
import onnx.Onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX LSTM, GRU or RNN node as one op of a graph: its attributes read and checked, its weights split per direction,
 * the fused {@link RecurrentOp} or the unrolled {@link UnrolledRecurrentOp} chosen.
 */
final class RecurrentImport {

    private RecurrentImport() {
    }

    /**
     * The recurrent node n as an op: the fused {@link RecurrentOp} on the engine's kernels when they compute exactly the
     * node (default activations, no clip, no peepholes, zero initial states, GRU linear_before_reset=1), else the
     * specification's equations unrolled ({@link UnrolledRecurrentOp}). Weights per direction.
     */
    static Op of(Onnx.NodeProto n, GraphImporter g) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        CellType cell = LayerMapper.cellType(n);
        String direction = a.containsKey("direction") ? a.get("direction").getS().toStringUtf8() : "forward";
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw new IllegalArgumentException("direction " + direction + " is not one of forward, reverse, bidirectional");
        }
        if (a.containsKey("input_forget") && a.get("input_forget").getI() != 0) {
            throw new IllegalArgumentException("input_forget=1 (coupled input and forget gates) is not supported yet");
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        Tensor w = g.constantInput(n, 1).orElseThrow(() -> new IllegalArgumentException("W must be a constant"));
        Tensor r = g.constantInput(n, 2).orElseThrow(() -> new IllegalArgumentException("R must be a constant"));
        Optional<Tensor> b = g.constantInput(n, 3);
        if (n.getInputCount() > 3 && !n.getInput(3).isEmpty() && b.isEmpty()) {
            throw new IllegalArgumentException("B must be a constant");
        }
        int gates = cell.gates();
        if (w.rank() != 3 || w.dim(0) != dirs || w.dim(1) % gates != 0) {
            throw new IllegalArgumentException("W must be [" + dirs + ", " + gates + "·hidden, input], got " + w);
        }
        int hidden = w.dim(1) / gates;
        int in = w.dim(2);
        if (a.containsKey("hidden_size") && a.get("hidden_size").getI() != hidden) {
            throw new IllegalArgumentException("hidden_size " + a.get("hidden_size").getI() + " does not match W (" + hidden + ")");
        }
        if (r.size() != dirs * gates * hidden * hidden || b.isPresent() && b.get().size() != dirs * 2 * gates * hidden) {
            throw new IllegalArgumentException("R or B has the wrong size for " + dirs + " direction(s) of hidden size " + hidden);
        }
        Optional<Tensor> peepholes = Optional.empty();
        if (cell == CellType.LSTM && n.getInputCount() > 7 && !n.getInput(7).isEmpty()) {
            peepholes = Optional.of(g.constantInput(n, 7).orElseThrow(() -> new IllegalArgumentException("P must be a constant")));
            if (peepholes.get().size() != dirs * 3 * hidden) {
                throw new IllegalArgumentException("P must have " + dirs * 3 * hidden + " values, got " + peepholes.get().size());
            }
        }
        int layout = g.opset() >= 14 && a.containsKey("layout") ? (int) a.get("layout").getI() : 0;
        List<String> defaults = LayerMapper.defaultActivations(cell);
        List<String> names = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            names.addAll(defaults);
        }
        if (a.containsKey("activations")) {
            List<String> given = LayerMapper.activations(a.get("activations"));
            if (given.size() == defaults.size() && dirs == 2) {
                given = new ArrayList<>(given);
                given.addAll(LayerMapper.activations(a.get("activations")));
            }
            if (given.size() != names.size()) {
                throw new IllegalArgumentException("activations " + given + " should name " + names.size() + " functions");
            }
            names = given;
        }
        boolean lbr = a.containsKey("linear_before_reset") && a.get("linear_before_reset").getI() != 0;
        boolean zeroStates = (n.getInputCount() <= 5 || g.onnx().isZero(n.getInput(5))) && (n.getInputCount() <= 6 || g.onnx().isZero(n.getInput(6)));
        boolean fusable = !a.containsKey("clip") && names.equals(repeat(defaults, dirs)) && peepholes.map(p -> OnnxGraph.isAllZero(p.data())).orElse(true)
                && zeroStates && (cell != CellType.GRU || lbr);
        if (fusable) {
            List<RecurrentLayer> layers = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                layers.add(LayerMapper.torchLayer(cell, slice(w, d, gates * hidden * in), slice(r, d, gates * hidden * hidden),
                        b.isPresent() ? slice(b.get(), d, 2 * gates * hidden) : new double[2 * gates * hidden], hidden, in));
            }
            return new RecurrentOp(cell, layers, direction.equals("reverse"), layout);
        }
        List<Float> alphas = a.containsKey("activation_alpha") ? a.get("activation_alpha").getFloatsList() : List.of();
        List<Float> betas = a.containsKey("activation_beta") ? a.get("activation_beta").getFloatsList() : List.of();
        int[] next = {0, 0};
        List<UnrolledRecurrentOp.Direction> ds = new ArrayList<>();
        int per = UnrolledRecurrentOp.activationCount(cell);
        for (int d = 0; d < dirs; d++) {
            List<Op> acts = new ArrayList<>();
            for (int k = 0; k < per; k++) {
                acts.add(activation(names.get(d * per + k), alphas, betas, next));
            }
            double[] bd = b.isPresent() ? slice(b.get(), d, 2 * gates * hidden) : new double[2 * gates * hidden];
            ds.add(new UnrolledRecurrentOp.Direction(direction.equals("reverse") || d == 1, slice(w, d, gates * hidden * in),
                    slice(r, d, gates * hidden * hidden), java.util.Arrays.copyOfRange(bd, 0, gates * hidden),
                    java.util.Arrays.copyOfRange(bd, gates * hidden, 2 * gates * hidden),
                    peepholes.isPresent() ? slice(peepholes.get(), d, 3 * hidden) : null, acts));
        }
        Optional<Double> clip = a.containsKey("clip") ? Optional.of((double) a.get("clip").getF()) : Optional.empty();
        return new UnrolledRecurrentOp(cell, ds, in, hidden, clip, lbr, layout);
    }

    private static List<String> repeat(List<String> xs, int times) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.addAll(xs);
        }
        return out;
    }

    private static double[] slice(Tensor t, int d, int size) {
        return java.util.Arrays.copyOfRange(t.data(), d * size, (d + 1) * size);
    }

    /**
     * An activation of the ONNX RNN list by name; alpha and beta consumed in order from the node's lists (the
     * specification's defaults when the list runs out, where the function has one).
     */
    private static Op activation(String name, List<Float> alphas, List<Float> betas, int[] next) {
        java.util.function.DoubleSupplier alpha = () -> next[0] < alphas.size() ? alphas.get(next[0]++) : Double.NaN;
        java.util.function.DoubleSupplier beta = () -> next[1] < betas.size() ? betas.get(next[1]++) : Double.NaN;
        return switch (name) {
            case "sigmoid" -> new SigmoidOp();
            case "tanh" -> new TanhOp();
            case "relu" -> new ReluOp();
            case "softsign" -> new SoftsignOp();
            case "softplus" -> new SoftplusOp();
            case "leakyrelu" -> new LeakyReluOp(or(alpha.getAsDouble(), 0.01));
            case "thresholdedrelu" -> new ThresholdedReluOp(or(alpha.getAsDouble(), 1.0));
            case "elu" -> new EluOp(or(alpha.getAsDouble(), 1.0));
            case "hardsigmoid" -> new HardSigmoidOp(or(alpha.getAsDouble(), 0.2), or(beta.getAsDouble(), 0.5));
            case "affine" -> new AffineOp(required(alpha.getAsDouble(), name), required(beta.getAsDouble(), name));
            case "scaledtanh" -> new ScaledTanhOp(required(alpha.getAsDouble(), name), required(beta.getAsDouble(), name));
            default -> throw new IllegalArgumentException("activation " + name + " is not one of the ONNX RNN activations");
        };
    }

    private static double or(double v, double dflt) {
        return Double.isNaN(v) ? dflt : v;
    }

    private static double required(double v, String name) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("activation " + name + " needs its alpha and beta (activation_alpha, activation_beta)");
        }
        return v;
    }
}
