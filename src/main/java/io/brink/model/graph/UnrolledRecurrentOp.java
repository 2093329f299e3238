package io.brink.model.graph;

import io.brink.model.CellType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ONNX LSTM, GRU and RNN with the whole of the specification's cell semantics — any activation of its list with its
 * alpha/beta, {@code clip} on the gates' inputs, LSTM peepholes, GRU {@code linear_before_reset} 0 or 1, initial states
 * (constants, learned, or computed from shapes), {@code sequence_lens} of the full window — as the cell's equations
 * unrolled over the window's steps into primitive ops, whose four rules then give this op's. The sub-graph is built
 * per window length, batch size and initial state, and kept. The fused {@link RecurrentOp} is used instead where its
 * kernels compute the same thing (default activations, no clip or peepholes, zero initial state, PyTorch's GRU); this
 * op is the exact fallback, slower (one small op per gate and step).
 *
 * <p>Why this class is long: the three cells' equations, as the specification writes them, and the packing of Y, Y_h
 * and Y_c to and from the sub-graph's one output belong together.
 */
public final class UnrolledRecurrentOp implements RecurrentNode {

    /**
     * One direction: weights in ONNX's layout and gate order (LSTM i, o, f, c; GRU z, r, h), W [G·H, in], R [G·H, H],
     * biases Wb and Rb [G·H], peepholes P [3H] (i, o, f; null: none), and the activations f, g, h as ops.
     */
    public record Direction(boolean reverse, double[] w, double[] r, double[] wb, double[] rb, double[] p, List<Op> activations) {
        public Direction {
            activations = List.copyOf(activations);
        }
    }

    private final CellType cell;
    private final List<Direction> directions;
    private final int in;
    private final int hidden;
    private final Optional<Double> clip;
    private final boolean linearBeforeReset;
    private final int layout;

    public UnrolledRecurrentOp(CellType cell, List<Direction> directions, int in, int hidden, Optional<Double> clip,
                               boolean linearBeforeReset, int layout) {
        this.cell = cell;
        this.directions = List.copyOf(directions);
        this.in = in;
        this.hidden = hidden;
        this.clip = clip;
        this.linearBeforeReset = linearBeforeReset;
        this.layout = layout;
        int gates = cell.gates();
        for (Direction d : directions) {
            if (d.w.length != gates * hidden * in || d.r.length != gates * hidden * hidden || d.wb.length != gates * hidden
                    || d.rb.length != gates * hidden || d.p != null && d.p.length != 3 * hidden
                    || d.activations.size() != activationCount(cell)) {
                throw new IllegalArgumentException("the weights or activations of a direction do not fit " + cell + " of hidden size "
                        + hidden + " on " + in + " inputs");
            }
        }
    }

    /** Activations per direction: LSTM f, g, h; GRU f, g; RNN f. */
    public static int activationCount(CellType cell) {
        return switch (cell) {
            case LSTM -> 3;
            case GRU -> 2;
            case RNN_TANH -> 1;
        };
    }

    @Override
    public String type() {
        return cell.onnxOp();
    }

    @Override
    public int outputs() {
        return cell == CellType.LSTM ? 3 : 2;
    }

    @Override
    public int layout() {
        return layout;
    }

    @Override
    public int directions() {
        return directions.size();
    }

    @Override
    public boolean reversed(int d) {
        return directions.get(d).reverse;
    }

    @Override
    public int hidden() {
        return hidden;
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    /** The sub-graph of one (steps, rows, initial state), its run, and the packing of its output. */
    private record Unrolled(GraphRun run, int steps, int rows) {
    }

    private record Key(int steps, int rows, int h0, int c0) {
    }

    /** The kept sub-graphs of this evaluation, newest last. */
    private static final class Kept {
        final Map<Key, Unrolled> byKey = new LinkedHashMap<>();
        Unrolled last;
    }

    private int[] dims(Tensor x) {
        return layout == 0 ? new int[] {x.dim(0), x.dim(1)} : new int[] {x.dim(1), x.dim(0)};
    }

    /**
     * The initial state of direction d for {@code rows} windows ([rows, H]), from input i (zeros when absent): one state
     * for every window — given for a batch of 1 (broadcast), or for the batch with every window's the same. States that
     * differ between windows are refused: Brink's windows are independent of their batch.
     */
    private double[] initial(Tensor[] in, int i, int d, int rows) {
        double[] s = new double[rows * hidden];
        if (in.length <= i || in[i] == null) {
            return s;
        }
        Tensor t = in[i];
        int dirs = directions.size();
        int batch = t.size() / (dirs * hidden);
        if (t.size() != dirs * batch * hidden) {
            throw new IllegalArgumentException(type() + " initial state of shape " + Arrays.toString(t.shape()) + " does not fit "
                    + dirs + " direction(s) of hidden size " + hidden);
        }
        double[] first = new double[hidden];
        for (int r = 0; r < batch; r++) {
            int from = layout == 0 ? (d * batch + r) * hidden : (r * dirs + d) * hidden;
            double[] row = Arrays.copyOfRange(t.data(), from, from + hidden);
            if (r == 0) {
                first = row;
            } else if (!Arrays.equals(row, first)) {
                throw new IllegalArgumentException(type() + " initial states differ between the windows of a batch; Brink scores"
                        + " each window on its own, so the state must be the same for all (or given for a batch of 1)");
            }
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(first, 0, s, r * hidden, hidden);
        }
        return s;
    }

    private Unrolled unrolled(Tensor[] in, Slot slot) {
        int[] tn = dims(in[0]);
        int steps = tn[0];
        int rows = tn[1];
        if (in.length > 4 && in[4] != null) {
            for (double v : in[4].data()) {
                if (v != steps) {
                    throw new IllegalArgumentException(type() + " sequence_lens " + (long) v + " for a window of " + steps
                            + " steps: Brink scores full windows only");
                }
            }
        }
        Key key = new Key(steps, rows, in.length > 5 && in[5] != null ? Arrays.hashCode(in[5].data()) : 0,
                in.length > 6 && in[6] != null ? Arrays.hashCode(in[6].data()) : 0);
        if (slot.state() == null) {
            slot.state(new Kept());
        }
        Kept kept = (Kept) slot.state();
        Unrolled u = kept.byKey.get(key);
        if (u == null) {
            u = new Unrolled(build(in, steps, rows), steps, rows);
            if (kept.byKey.size() >= 4) {
                kept.byKey.remove(kept.byKey.keySet().iterator().next());
            }
            kept.byKey.put(key, u);
        }
        kept.last = u;
        return u;
    }

    /** Builds the ops of a small graph: folds what is constant. */
    private static final class Builder {
        final List<Graph.Node> nodes = new ArrayList<>();
        final Map<Integer, Tensor> constants = new HashMap<>();
        int next = 1;

        int constant(Tensor t) {
            constants.put(next, t);
            return next++;
        }

        int op(Op op, int... ins) {
            int out = next++;
            boolean folded = true;
            Tensor[] values = new Tensor[ins.length];
            for (int i = 0; i < ins.length; i++) {
                values[i] = constants.get(ins[i]);
                folded &= values[i] != null;
            }
            if (folded) {
                constants.put(out, op.forward(values, new Slot(null))[0]);
            } else {
                nodes.add(new Graph.Node(op.type(), op, ins, new int[] {out}));
            }
            return out;
        }
    }

    /** Rows [g·H, (g + 1)·H) of an ONNX weight [G·H, cols], transposed to [cols, H] for x·Wᵀ. */
    private Tensor transposedGate(double[] w, int g, int cols) {
        double[] t = new double[cols * hidden];
        for (int h = 0; h < hidden; h++) {
            for (int c = 0; c < cols; c++) {
                t[c * hidden + h] = w[(g * hidden + h) * cols + c];
            }
        }
        return new Tensor(new int[] {cols, hidden}, t);
    }

    private Tensor gateBias(double[] b, int g) {
        return Tensor.vector(Arrays.copyOfRange(b, g * hidden, (g + 1) * hidden));
    }

    private int clipped(Builder b, int v) {
        return clip.isPresent() ? b.op(new ClipOp(-clip.get(), clip.get()), v) : v;
    }

    /** x·W_gᵀ + h·R_gᵀ + Wb_g + Rb_g (the pre-activation of gate g). */
    private int gate(Builder b, Direction d, int g, int x, int h) {
        int xw = b.op(new MatMulOp(), x, b.constant(transposedGate(d.w, g, in)));
        int hr = b.op(new MatMulOp(), h, b.constant(transposedGate(d.r, g, hidden)));
        double[] bias = new double[hidden];
        for (int k = 0; k < hidden; k++) {
            bias[k] = d.wb[g * hidden + k] + d.rb[g * hidden + k];
        }
        return b.op(new AddOp(), b.op(new AddOp(), xw, hr), b.constant(Tensor.vector(bias)));
    }

    private int peephole(Builder b, Direction d, int pre, int slot, int c) {
        if (d.p == null) {
            return pre;
        }
        Tensor p = Tensor.vector(Arrays.copyOfRange(d.p, slot * hidden, (slot + 1) * hidden));
        return b.op(new AddOp(), pre, b.op(new MulOp(), c, b.constant(p)));
    }

    private GraphRun build(Tensor[] input, int steps, int rows) {
        Builder b = new Builder();
        int x = 0;
        List<Integer> packed = new ArrayList<>();
        List<Integer> cells = new ArrayList<>();
        int timeAxis = layout == 0 ? 0 : 1;
        for (int di = 0; di < directions.size(); di++) {
            Direction d = directions.get(di);
            Op f = d.activations.get(0);
            int h = b.constant(new Tensor(new int[] {rows, hidden}, initial(input, 5, di, rows)));
            int c = b.constant(new Tensor(new int[] {rows, hidden}, initial(input, 6, di, rows)));
            for (int s = 0; s < steps; s++) {
                int t = d.reverse ? steps - 1 - s : s;
                int xt = b.op(new GatherOp(timeAxis), x, b.constant(Tensor.scalar(t)));
                switch (cell) {
                    case LSTM -> {
                        Op g = d.activations.get(1);
                        Op hAct = d.activations.get(2);
                        int i = b.op(f, clipped(b, peephole(b, d, gate(b, d, 0, xt, h), 0, c)));
                        int fg = b.op(f, clipped(b, peephole(b, d, gate(b, d, 2, xt, h), 2, c)));
                        int cc = b.op(g, clipped(b, gate(b, d, 3, xt, h)));
                        c = b.op(new AddOp(), b.op(new MulOp(), fg, c), b.op(new MulOp(), i, cc));
                        int o = b.op(f, clipped(b, peephole(b, d, gate(b, d, 1, xt, h), 1, c)));
                        h = b.op(new MulOp(), o, b.op(hAct, c));
                    }
                    case GRU -> {
                        Op g = d.activations.get(1);
                        int z = b.op(f, clipped(b, gate(b, d, 0, xt, h)));
                        int r = b.op(f, clipped(b, gate(b, d, 1, xt, h)));
                        int xw = b.op(new AddOp(), b.op(new MatMulOp(), xt, b.constant(transposedGate(d.w, 2, in))),
                                b.constant(gateBias(d.wb, 2)));
                        int rec;
                        if (linearBeforeReset) {
                            int hr = b.op(new AddOp(), b.op(new MatMulOp(), h, b.constant(transposedGate(d.r, 2, hidden))),
                                    b.constant(gateBias(d.rb, 2)));
                            rec = b.op(new MulOp(), r, hr);
                        } else {
                            rec = b.op(new AddOp(), b.op(new MatMulOp(), b.op(new MulOp(), r, h),
                                    b.constant(transposedGate(d.r, 2, hidden))), b.constant(gateBias(d.rb, 2)));
                        }
                        int cand = b.op(g, clipped(b, b.op(new AddOp(), xw, rec)));
                        int keep = b.op(new MulOp(), z, h);
                        int fresh = b.op(new MulOp(), b.op(new SubOp(), b.constant(Tensor.scalar(1)), z), cand);
                        h = b.op(new AddOp(), fresh, keep);
                    }
                    case RNN_TANH -> h = b.op(f, clipped(b, gate(b, d, 0, xt, h)));
                }
                packed.add(b.op(ReshapeOp.fixed("Flatten", (xs, inp) -> new int[] {(int) Tensor.size(xs)}), h));
            }
            cells.add(b.op(ReshapeOp.fixed("Flatten", (xs, inp) -> new int[] {(int) Tensor.size(xs)}), c));
        }
        if (cell == CellType.LSTM) {
            packed.addAll(cells);
        }
        int[] parts = packed.stream().mapToInt(Integer::intValue).toArray();
        int out = b.op(new ConcatOp(0), parts);
        return new GraphRun(b.nodes, b.constants, b.next, x, out, null);
    }

    /** Position of direction d's step s (processing order) in the packed output; C_last of d after all steps. */
    private int block(int d, int s, int steps, int rows) {
        return (d * steps + s) * rows * hidden;
    }

    private int cellBlock(int d, int steps, int rows) {
        return (directions.size() * steps + d) * rows * hidden;
    }

    private Tensor[] unpack(Tensor packedOut, int steps, int rows, Out o) {
        int dirs = directions.size();
        double[] p = packedOut.data();
        int[] yShape = layout == 0 ? new int[] {steps, dirs, rows, hidden} : new int[] {rows, steps, dirs, hidden};
        int[] hShape = layout == 0 ? new int[] {dirs, rows, hidden} : new int[] {rows, dirs, hidden};
        double[] y = o.array(0, steps * dirs * rows * hidden);
        double[] yh = o.array(1, dirs * rows * hidden);
        double[] yc = cell == CellType.LSTM ? o.array(2, dirs * rows * hidden) : null;
        for (int d = 0; d < dirs; d++) {
            for (int s = 0; s < steps; s++) {
                int t = directions.get(d).reverse ? steps - 1 - s : s;
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(p, block(d, s, steps, rows) + r * hidden, y, yIndex(t, d, r, steps, rows), hidden);
                }
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(p, block(d, steps - 1, steps, rows) + r * hidden, yh, hIndex(d, r, rows), hidden);
                if (cell == CellType.LSTM) {
                    System.arraycopy(p, cellBlock(d, steps, rows) + r * hidden, yc, hIndex(d, r, rows), hidden);
                }
            }
        }
        Tensor[] out = new Tensor[outputs()];
        out[0] = new Tensor(yShape, y);
        out[1] = new Tensor(hShape, yh);
        if (cell == CellType.LSTM) {
            out[2] = new Tensor(hShape, yc);
        }
        return out;
    }

    /** The packed adjoint (or its tangent) from the outputs' (null: zero). */
    private Tensor pack(Tensor[] bars, int steps, int rows, int size, Out o) {
        int dirs = directions.size();
        double[] p = o.zeroed(3, size);
        for (int d = 0; d < dirs; d++) {
            for (int s = 0; s < steps; s++) {
                int t = directions.get(d).reverse ? steps - 1 - s : s;
                for (int r = 0; r < rows; r++) {
                    int to = block(d, s, steps, rows) + r * hidden;
                    for (int k = 0; k < hidden; k++) {
                        double v = bars[0] == null ? 0 : bars[0].data()[yIndex(t, d, r, steps, rows) + k];
                        if (s == steps - 1 && bars.length > 1 && bars[1] != null) {
                            v += bars[1].data()[hIndex(d, r, rows) + k];
                        }
                        p[to + k] = v;
                    }
                }
            }
            if (cell == CellType.LSTM && bars.length > 2 && bars[2] != null) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(bars[2].data(), hIndex(d, r, rows), p, cellBlock(d, steps, rows) + r * hidden, hidden);
                }
            }
        }
        return Tensor.vector(p);
    }

    private int yIndex(int t, int d, int r, int steps, int rows) {
        int dirs = directions.size();
        return layout == 0 ? ((t * dirs + d) * rows + r) * hidden : ((r * steps + t) * dirs + d) * hidden;
    }

    private int hIndex(int d, int r, int rows) {
        return layout == 0 ? (d * rows + r) * hidden : (r * directions.size() + d) * hidden;
    }

    private int packedSize(int steps, int rows) {
        return (directions.size() * steps + (cell == CellType.LSTM ? directions.size() : 0)) * rows * hidden;
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        Unrolled u = unrolled(in, slot);
        return unpack(u.run.forward(in[0]), u.steps, u.rows, Slot.out(slot, Slot.Pass.FORWARD));
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        if (inDot[0] == null) {
            return new Tensor[outputs()];
        }
        Unrolled u = current(in, slot);
        return unpack(u.run.tangent(inDot[0]), u.steps, u.rows, Slot.out(slot, Slot.Pass.TANGENT));
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        Unrolled u = current(in, slot);
        Tensor[] r = new Tensor[in.length];
        r[0] = u.run.reverse(pack(outBar, u.steps, u.rows, packedSize(u.steps, u.rows), Slot.out(slot, Slot.Pass.REVERSE)));
        return r;
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        Unrolled u = current(in, slot);
        Tensor[] r = new Tensor[in.length];
        r[0] = u.run.tangentReverse(pack(outBarDot, u.steps, u.rows, packedSize(u.steps, u.rows),
                Slot.out(slot, Slot.Pass.TANGENT_REVERSE)));
        return r;
    }

    /**
     * The sub-graph of primitive ops this op runs for inputs {@code in} (its cells' equations over the window's steps;
     * the initial states from {@code in}), with one output that {@link #unpack(Tensor, Tensor[])} turns into Y, Y_h and
     * Y_c: for a caller that needs the cells' ops themselves (the certified radius's bounds).
     */
    public GraphRun subGraph(Tensor[] in) {
        int[] tn = dims(in[0]);
        return build(in, tn[0], tn[1]);
    }

    /** The op's outputs (Y, Y_h, Y_c) from the sub-graph's output {@code packed} for inputs {@code in}. */
    public Tensor[] unpack(Tensor packed, Tensor[] in) {
        int[] tn = dims(in[0]);
        return unpack(packed, tn[0], tn[1], Out.FRESH);
    }

    /** The sub-graph of the last forward at these inputs (run again if the inputs are not those of the last forward). */
    private Unrolled current(Tensor[] in, Slot slot) {
        Kept kept = (Kept) slot.state();
        int[] tn = dims(in[0]);
        if (kept == null || kept.last == null || kept.last.steps != tn[0] || kept.last.rows != tn[1]) {
            throw new IllegalStateException(type() + ": derivatives need a forward at the same windows first");
        }
        return kept.last;
    }
}
