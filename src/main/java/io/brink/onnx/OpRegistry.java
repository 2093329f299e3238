package io.brink.onnx;

import onnx.Onnx;

import io.brink.model.graph.AddOp;
import io.brink.model.graph.ClipOp;
import io.brink.model.graph.ConcatOp;
import io.brink.model.graph.ConvOp;
import io.brink.model.graph.DivOp;
import io.brink.model.graph.EluOp;
import io.brink.model.graph.ErfOp;
import io.brink.model.graph.ExpOp;
import io.brink.model.graph.ExpandOp;
import io.brink.model.graph.GatherMapOp;
import io.brink.model.graph.GatherOp;
import io.brink.model.graph.GeluOp;
import io.brink.model.graph.HardSigmoidOp;
import io.brink.model.graph.LeakyReluOp;
import io.brink.model.graph.LogOp;
import io.brink.model.graph.MatMulOp;
import io.brink.model.graph.MulOp;
import io.brink.model.graph.NegOp;
import io.brink.model.graph.Op;
import io.brink.model.graph.PowOp;
import io.brink.model.graph.ReciprocalOp;
import io.brink.model.graph.ReduceMaxOp;
import io.brink.model.graph.ReduceOp;
import io.brink.model.graph.ReluOp;
import io.brink.model.graph.ReshapeOp;
import io.brink.model.graph.SeluOp;
import io.brink.model.graph.ShapeOps;
import io.brink.model.graph.SigmoidOp;
import io.brink.model.graph.SliceOp;
import io.brink.model.graph.SoftmaxOp;
import io.brink.model.graph.SoftplusOp;
import io.brink.model.graph.SoftsignOp;
import io.brink.model.graph.SplitOp;
import io.brink.model.graph.SqrtOp;
import io.brink.model.graph.SubOp;
import io.brink.model.graph.TanhOp;
import io.brink.model.graph.Tensor;
import io.brink.model.graph.TransposeOp;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ONNX op types Brink imports, each with how its node becomes ops of the graph: most one to one; Gemm, Conv with
 * a bias, LayerNormalization and BatchNormalization as the few primitive ops they are defined by (so that their
 * derivatives are those of the primitives). An op type not here is refused by name.
 *
 * <p>Why this class is long: it is the one table of supported ONNX op types, each with its attribute defaults and the
 * few lines that build its ops; split, a reader would have to look in several places to learn what Brink imports.
 */
final class OpRegistry {

    /** How one node is imported: ops added to the importer, inputs and outputs by value id. */
    private interface NodeImporter {
        void add(Onnx.NodeProto n, GraphImporter g);
    }

    private static final Map<String, NodeImporter> IMPORTERS = new TreeMap<>();

    static {
        unary("Relu", a -> new ReluOp());
        unary("LeakyRelu", a -> new LeakyReluOp(f(a, "alpha", 0.01)));
        unary("Elu", a -> new EluOp(f(a, "alpha", 1.0)));
        unary("Selu", a -> new SeluOp(f(a, "alpha", 1.67326319217681884765625), f(a, "gamma", 1.05070102214813232421875)));
        unary("Sigmoid", a -> new SigmoidOp());
        unary("Tanh", a -> new TanhOp());
        unary("Softplus", a -> new SoftplusOp());
        unary("Softsign", a -> new SoftsignOp());
        unary("Exp", a -> new ExpOp());
        unary("Erf", a -> new ErfOp());
        IMPORTERS.put("Gelu", (n, g) -> {
            Onnx.AttributeProto approximate = g.attributes(n).get("approximate");
            if (approximate != null && !approximate.getS().toStringUtf8().equals("none")) {
                throw new IllegalArgumentException("Gelu approximate=" + approximate.getS().toStringUtf8() + " is not supported (only none)");
            }
            one(n, g, new GeluOp());
        });
        unary("Log", a -> new LogOp());
        unary("Sqrt", a -> new SqrtOp());
        unary("Reciprocal", a -> new ReciprocalOp());
        unary("Neg", a -> new NegOp());
        unary("HardSigmoid", a -> new HardSigmoidOp(f(a, "alpha", 0.2), f(a, "beta", 0.5)));
        unary("Identity", a -> ReshapeOp.fixed("Identity", (xs, in) -> xs));
        unary("Dropout", a -> ReshapeOp.fixed("Dropout", (xs, in) -> xs));
        IMPORTERS.put("Cast", (n, g) -> {
            long to = g.attributes(n).get("to").getI();
            // FLOAT, DOUBLE, FLOAT16, BFLOAT16 keep values; integer casts are fine on shapes, not on the window's values
            boolean floating = to == 1 || to == 11 || to == 10 || to == 16;
            one(n, g, ReshapeOp.fixed(floating ? "Cast" : "CastToInteger", (xs, in) -> xs));
        });
        IMPORTERS.put("Clip", (n, g) -> {
            Map<String, Onnx.AttributeProto> a = g.attributes(n);
            double lo = g.opset() < 11 ? f(a, "min", Double.NEGATIVE_INFINITY) : g.constantInput(n, 1).map(t -> t.data()[0])
                    .orElse(Double.NEGATIVE_INFINITY);
            double hi = g.opset() < 11 ? f(a, "max", Double.POSITIVE_INFINITY) : g.constantInput(n, 2).map(t -> t.data()[0])
                    .orElse(Double.POSITIVE_INFINITY);
            if (g.opset() >= 11 && (n.getInputCount() > 1 && !n.getInput(1).isEmpty() && g.constantInput(n, 1).isEmpty()
                    || n.getInputCount() > 2 && !n.getInput(2).isEmpty() && g.constantInput(n, 2).isEmpty())) {
                throw new IllegalArgumentException("Clip needs constant bounds");
            }
            g.add(name(n), new ClipOp(lo, hi), new int[] {g.id(n.getInput(0))}, new int[] {g.id(n.getOutput(0))});
        });
        IMPORTERS.put("Add", (n, g) -> one(n, g, new AddOp()));
        IMPORTERS.put("Sub", (n, g) -> one(n, g, new SubOp()));
        IMPORTERS.put("Mul", (n, g) -> one(n, g, new MulOp()));
        IMPORTERS.put("Div", (n, g) -> one(n, g, new DivOp()));
        IMPORTERS.put("Pow", (n, g) -> {
            if (g.constantInput(n, 1).isEmpty()) {
                throw new IllegalArgumentException("Pow needs a constant exponent");
            }
            one(n, g, new PowOp());
        });
        IMPORTERS.put("MatMul", (n, g) -> one(n, g, new MatMulOp()));
        IMPORTERS.put("Gemm", OpRegistry::gemm);
        IMPORTERS.put("Transpose", (n, g) -> one(n, g, new TransposeOp(ints(g.attributes(n), "perm"))));
        IMPORTERS.put("Reshape", (n, g) -> one(n, g, ReshapeOp.reshape(i(g.attributes(n), "allowzero", 0) == 1)));
        IMPORTERS.put("Flatten", (n, g) -> {
            int axis = (int) i(g.attributes(n), "axis", 1);
            one(n, g, ReshapeOp.fixed("Flatten", (xs, in) -> {
                int a = axis < 0 ? axis + xs.length : axis;
                long outer = 1;
                for (int k = 0; k < a; k++) {
                    outer *= xs[k];
                }
                return new int[] {(int) outer, (int) (Tensor.size(xs) / Math.max(1, outer))};
            }));
        });
        IMPORTERS.put("Squeeze", (n, g) -> {
            int[] attr = ints(g.attributes(n), "axes");
            one(n, g, ReshapeOp.fixed("Squeeze", (xs, in) -> squeeze(xs, attr != null ? attr : in.length > 1 && in[1] != null
                    ? GatherMapOp.ints(in[1]) : null)));
        });
        IMPORTERS.put("Unsqueeze", (n, g) -> {
            int[] attr = ints(g.attributes(n), "axes");
            one(n, g, ReshapeOp.fixed("Unsqueeze", (xs, in) -> unsqueeze(xs, attr != null ? attr : GatherMapOp.ints(in[1]))));
        });
        IMPORTERS.put("Expand", (n, g) -> one(n, g, new ExpandOp()));
        IMPORTERS.put("Gather", (n, g) -> one(n, g, new GatherOp((int) i(g.attributes(n), "axis", 0))));
        IMPORTERS.put("Slice", (n, g) -> {
            if (g.opset() < 10) {
                throw new IllegalArgumentException("Slice of opset < 10 (starts and ends as attributes) is not read");
            }
            one(n, g, new SliceOp());
        });
        IMPORTERS.put("Concat", (n, g) -> one(n, g, new ConcatOp((int) i(g.attributes(n), "axis", 0))));
        IMPORTERS.put("Split", (n, g) -> {
            Map<String, Onnx.AttributeProto> a = g.attributes(n);
            int[] sizes = ints(a, "split");
            if (sizes == null && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
                sizes = GatherMapOp.ints(g.constantInput(n, 1).orElseThrow(() -> new IllegalArgumentException("Split sizes must be constant")));
            }
            int parts = (int) i(a, "num_outputs", n.getOutputCount());
            int[] outs = new int[n.getOutputCount()];
            for (int j = 0; j < outs.length; j++) {
                outs[j] = g.id(n.getOutput(j));
            }
            g.add(name(n), new SplitOp((int) i(a, "axis", 0), parts, sizes), new int[] {g.id(n.getInput(0))}, outs);
        });
        IMPORTERS.put("ReduceSum", (n, g) -> reduce(n, g, false, g.opset() < 13));
        IMPORTERS.put("ReduceMean", (n, g) -> reduce(n, g, true, g.opset() < 18));
        IMPORTERS.put("ReduceMax", (n, g) -> {
            Map<String, Onnx.AttributeProto> a = g.attributes(n);
            int[] axes = g.opset() < 18 ? ints(a, "axes") : null;
            one(n, g, new ReduceMaxOp(axes, i(a, "keepdims", 1) == 1));
        });
        IMPORTERS.put("Softmax", (n, g) -> one(n, g, new SoftmaxOp(false, (int) i(g.attributes(n), "axis", g.opset() < 13 ? 1 : -1),
                g.opset() < 13)));
        IMPORTERS.put("LogSoftmax", (n, g) -> one(n, g, new SoftmaxOp(true, (int) i(g.attributes(n), "axis",
                g.opset() < 13 ? 1 : -1), g.opset() < 13)));
        IMPORTERS.put("Conv", OpRegistry::conv);
        IMPORTERS.put("LayerNormalization", OpRegistry::layerNorm);
        IMPORTERS.put("BatchNormalization", OpRegistry::batchNorm);
        IMPORTERS.put("Shape", (n, g) -> {
            Map<String, Onnx.AttributeProto> a = g.attributes(n);
            one(n, g, ShapeOps.shape((int) i(a, "start", 0), a.containsKey("end") ? (int) a.get("end").getI() : null));
        });
        IMPORTERS.put("ConstantOfShape", (n, g) -> {
            Onnx.AttributeProto v = g.attributes(n).get("value");
            double value = v == null ? 0 : OnnxTensors.values(v.getT())[0];
            one(n, g, ShapeOps.constantOfShape(value));
        });
        for (String rnn : List.of("LSTM", "GRU", "RNN")) {
            IMPORTERS.put(rnn, (n, g) -> {
                int[] ins = new int[Math.max(7, n.getInputCount())];
                for (int j = 0; j < ins.length; j++) {
                    ins[j] = j == 1 || j == 2 || j == 3 || j == 7 || j >= n.getInputCount() ? -1 : g.id(n.getInput(j));
                }
                Op op = RecurrentImport.of(n, g);
                int[] outs = new int[op.outputs()];
                for (int j = 0; j < outs.length; j++) {
                    outs[j] = n.getOutputCount() > j ? g.id(n.getOutput(j)) : -1;
                }
                g.add(name(n), op, ins, outs);
            });
        }
    }

    static final String SUPPORTED = "Brink imports (opsets 13–21): " + String.join(", ", IMPORTERS.keySet())
            + ", and Constant; LSTM/GRU/RNN with the whole ONNX cell semantics (directions, layouts, activations, clip, "
            + "peepholes, linear_before_reset, initial states) except input_forget=1, sequence_lens of the full window only";

    private OpRegistry() {
    }

    /** Whether Brink computes output j of an op type (recurrent nodes: Y and Y_h; Split: every part; others: the first). */
    static boolean readsOutput(String type, int j) {
        return switch (type) {
            case "LSTM" -> j <= 2;
            case "GRU", "RNN" -> j <= 1;
            case "Split" -> true;
            default -> j == 0;
        };
    }

    static String outputsRead(String type) {
        return switch (type) {
            case "LSTM" -> "Y, Y_h and Y_c";
            case "GRU", "RNN" -> "Y and Y_h";
            case "Split" -> "every part";
            default -> "the first output";
        };
    }

    /** Imports node n; an unsupported op type or attribute is an IllegalArgumentException naming it. */
    static void importNode(Onnx.NodeProto n, GraphImporter g) {
        NodeImporter imp = IMPORTERS.get(n.getOpType());
        if (imp == null) {
            throw new IllegalArgumentException("op " + n.getOpType() + " is not supported");
        }
        imp.add(n, g);
    }

    private static void unary(String type, java.util.function.Function<Map<String, Onnx.AttributeProto>, Op> make) {
        IMPORTERS.put(type, (n, g) -> one(n, g, make.apply(g.attributes(n))));
    }

    private static String name(Onnx.NodeProto n) {
        return n.getName().isEmpty() ? String.join(",", n.getOutputList()) : n.getName();
    }

    /** One op reading the node's inputs and writing its first output. */
    private static void one(Onnx.NodeProto n, GraphImporter g, Op op) {
        int[] ins = new int[n.getInputCount()];
        for (int j = 0; j < ins.length; j++) {
            ins[j] = g.id(n.getInput(j));
        }
        g.add(name(n), op, ins, new int[] {g.id(n.getOutput(0))});
    }

    private static int op(GraphImporter g, String name, Op op, int... ins) {
        int out = g.fresh();
        g.add(name, op, ins, new int[] {out});
        return out;
    }

    /** Gemm: Y = α·A′·B′ + β·C, A′ = Aᵀ if transA, B′ = Bᵀ if transB. */
    private static void gemm(Onnx.NodeProto n, GraphImporter g) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        String nm = name(n);
        int aId = g.id(n.getInput(0));
        int bId = g.id(n.getInput(1));
        if (i(a, "transA", 0) == 1) {
            aId = op(g, nm, new TransposeOp(new int[] {1, 0}), aId);
        }
        if (i(a, "transB", 0) == 1) {
            bId = op(g, nm, new TransposeOp(new int[] {1, 0}), bId);
        }
        int y = op(g, nm, new MatMulOp(), aId, bId);
        double alpha = f(a, "alpha", 1.0);
        if (alpha != 1) {
            y = op(g, nm, new MulOp(), y, g.constant(Tensor.scalar(alpha)));
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            int c = g.id(n.getInput(2));
            double beta = f(a, "beta", 1.0);
            if (beta != 1) {
                c = op(g, nm, new MulOp(), c, g.constant(Tensor.scalar(beta)));
            }
            y = op(g, nm, new AddOp(), y, c);
        }
        g.add(nm, ReshapeOp.fixed("Identity", (xs, in) -> xs), new int[] {y}, new int[] {g.id(n.getOutput(0))});
    }

    private static void conv(Onnx.NodeProto n, GraphImporter g) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        if (a.containsKey("auto_pad") && !a.get("auto_pad").getS().toStringUtf8().equals("NOTSET")) {
            throw new IllegalArgumentException("auto_pad " + a.get("auto_pad").getS().toStringUtf8() + " is not supported (explicit pads)");
        }
        int[] pads = ints(a, "pads");
        int[] strides = ints(a, "strides");
        int[] dilations = ints(a, "dilations");
        int[] kernel = ints(a, "kernel_shape");
        if (kernel != null && kernel.length != 1 || pads != null && pads.length != 2 || strides != null && strides.length != 1
                || dilations != null && dilations.length != 1) {
            throw new IllegalArgumentException("only one-dimensional Conv is supported (kernel_shape " + Arrays.toString(kernel) + ")");
        }
        ConvOp op = new ConvOp(pads == null ? 0 : pads[0], pads == null ? 0 : pads[1], strides == null ? 1 : strides[0],
                dilations == null ? 1 : dilations[0], (int) i(a, "group", 1));
        String nm = name(n);
        int out = g.id(n.getOutput(0));
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            Tensor b = g.constantInput(n, 2).orElseThrow(() -> new IllegalArgumentException("the Conv bias must be a constant"));
            int y = op(g, nm, op, g.id(n.getInput(0)), g.id(n.getInput(1)));
            g.add(nm, new AddOp(), new int[] {y, g.constant(b.reshaped(b.size(), 1))}, new int[] {out});
        } else {
            g.add(nm, op, new int[] {g.id(n.getInput(0)), g.id(n.getInput(1))}, new int[] {out});
        }
    }

    /** LayerNormalization over the axes from {@code axis} on: (x − μ)/√(σ² + ε)·scale + bias, as primitives. */
    private static void layerNorm(Onnx.NodeProto n, GraphImporter g) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        int axis = (int) i(a, "axis", -1);
        double eps = f(a, "epsilon", 1e-5);
        String nm = name(n);
        int x = g.id(n.getInput(0));
        Tensor scale = g.constantInput(n, 1).orElseThrow(() -> new IllegalArgumentException("the scale must be a constant"));
        int rank = axis < 0 ? -axis : -1;
        if (rank < 0) {
            // axis ≥ 0: the axes from axis to the last; their count follows from the scale's rank
            rank = scale.rank();
        }
        int[] axes = new int[rank];
        for (int k = 0; k < rank; k++) {
            axes[k] = -rank + k;
        }
        int mean = op(g, nm, new ReduceOp(true, axes, true, false), x);
        int d = op(g, nm, new SubOp(), x, mean);
        int sq = op(g, nm, new MulOp(), d, d);
        int var = op(g, nm, new ReduceOp(true, axes, true, false), sq);
        int std = op(g, nm, new SqrtOp(), op(g, nm, new AddOp(), var, g.constant(Tensor.scalar(eps))));
        int y = op(g, nm, new MulOp(), op(g, nm, new DivOp(), d, std), g.id(n.getInput(1)));
        int out = g.id(n.getOutput(0));
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            g.add(nm, new AddOp(), new int[] {y, g.id(n.getInput(2))}, new int[] {out});
        } else {
            g.add(nm, ReshapeOp.fixed("Identity", (xs, in) -> xs), new int[] {y}, new int[] {out});
        }
    }

    /** BatchNormalization in inference: x·a + c per channel (axis 1), a = scale/√(var + ε), c = B − mean·a. */
    private static void batchNorm(Onnx.NodeProto n, GraphImporter g) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        if (i(a, "training_mode", 0) != 0) {
            throw new IllegalArgumentException("BatchNormalization in training mode is not supported (export in eval mode)");
        }
        double eps = f(a, "epsilon", 1e-5);
        Tensor scale = g.constantInput(n, 1).orElseThrow(() -> new IllegalArgumentException("scale must be constant"));
        Tensor bias = g.constantInput(n, 2).orElseThrow(() -> new IllegalArgumentException("B must be constant"));
        Tensor mean = g.constantInput(n, 3).orElseThrow(() -> new IllegalArgumentException("input_mean must be constant"));
        Tensor var = g.constantInput(n, 4).orElseThrow(() -> new IllegalArgumentException("input_var must be constant"));
        int c = scale.size();
        double[] mul = new double[c];
        double[] add = new double[c];
        for (int k = 0; k < c; k++) {
            mul[k] = scale.data()[k] / Math.sqrt(var.data()[k] + eps);
            add[k] = bias.data()[k] - mean.data()[k] * mul[k];
        }
        String nm = name(n);
        // per channel on axis 1 of x [N, C, …]: shaped [C, 1] for rank-3 inputs, [C] for rank 2
        int[] shape = {c, 1};
        int y = op(g, nm, new MulOp(), g.id(n.getInput(0)), g.constant(new Tensor(shape, mul)));
        g.add(nm, new AddOp(), new int[] {y, g.constant(new Tensor(shape.clone(), add))}, new int[] {g.id(n.getOutput(0))});
    }

    private static void reduce(Onnx.NodeProto n, GraphImporter g, boolean mean, boolean axesAttribute) {
        Map<String, Onnx.AttributeProto> a = g.attributes(n);
        int[] axes = axesAttribute ? ints(a, "axes") : null;
        ReduceOp op = new ReduceOp(mean, axes, i(a, "keepdims", 1) == 1, i(a, "noop_with_empty_axes", 0) == 1);
        int[] ins = axesAttribute ? new int[] {g.id(n.getInput(0))} : new int[n.getInputCount()];
        if (!axesAttribute) {
            for (int j = 0; j < ins.length; j++) {
                ins[j] = g.id(n.getInput(j));
            }
        }
        g.add(name(n), op, ins, new int[] {g.id(n.getOutput(0))});
    }

    static int[] squeeze(int[] xs, int[] axes) {
        boolean[] drop = new boolean[xs.length];
        if (axes == null) {
            for (int k = 0; k < xs.length; k++) {
                drop[k] = xs[k] == 1;
            }
        } else {
            for (int ax : axes) {
                int k = ax < 0 ? ax + xs.length : ax;
                if (xs[k] != 1) {
                    throw new IllegalArgumentException("Squeeze of axis " + ax + " of size " + xs[k]);
                }
                drop[k] = true;
            }
        }
        return java.util.stream.IntStream.range(0, xs.length).filter(k -> !drop[k]).map(k -> xs[k]).toArray();
    }

    static int[] unsqueeze(int[] xs, int[] axes) {
        int rank = xs.length + axes.length;
        boolean[] add = new boolean[rank];
        for (int ax : axes) {
            add[ax < 0 ? ax + rank : ax] = true;
        }
        int[] out = new int[rank];
        for (int k = 0, j = 0; k < rank; k++) {
            out[k] = add[k] ? 1 : xs[j++];
        }
        return out;
    }

    private static long i(Map<String, Onnx.AttributeProto> a, String name, long dflt) {
        return a.containsKey(name) ? a.get(name).getI() : dflt;
    }

    private static double f(Map<String, Onnx.AttributeProto> a, String name, double dflt) {
        return a.containsKey(name) ? a.get(name).getF() : dflt;
    }

    private static int[] ints(Map<String, Onnx.AttributeProto> a, String name) {
        if (!a.containsKey(name)) {
            return null;
        }
        return a.get(name).getIntsList().stream().mapToInt(Long::intValue).toArray();
    }
}
