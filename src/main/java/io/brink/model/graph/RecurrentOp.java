package io.brink.model.graph;

import io.brink.model.CellType;
import io.brink.model.RecurrentLayer;

import java.util.List;

/**
 * ONNX LSTM, GRU and RNN as one fused op: {@code direction} forward, reverse or bidirectional, {@code layout} 0
 * (X [T, N, in], Y [T, dirs, N, H], Y_h [dirs, N, H]) or 1 (X [N, T, in], Y [N, T, dirs, H], Y_h [N, dirs, H]), outputs Y
 * and Y_h. The cell runs on the device's fused kernels ({@link CellFactory}); a reverse direction is the forward cell
 * over the time-reversed sequence, read back reversed. Initial states must be zero and {@code sequence_lens}, when
 * given, the full window (checked on every forward: windows are full length); the importer refuses what the kernels
 * do not compute (peepholes, clip, other activations, GRU linear_before_reset = 0).
 */
public final class RecurrentOp implements RecurrentNode {

    private final CellType cell;
    private final List<RecurrentLayer> directions;
    private final boolean reverseOnly;
    private final int layout;

    /**
     * {@code directions}: one layer (forward, or reverse when {@code reverseOnly}) or two (forward, reverse), in
     * PyTorch's parameterization and gate order.
     */
    public RecurrentOp(CellType cell, List<RecurrentLayer> directions, boolean reverseOnly, int layout) {
        this.cell = cell;
        this.directions = List.copyOf(directions);
        this.reverseOnly = reverseOnly;
        this.layout = layout;
        if (directions.isEmpty() || directions.size() > 2 || reverseOnly && directions.size() != 1) {
            throw new IllegalArgumentException("a recurrent op has one direction or two");
        }
        if (layout != 0 && layout != 1) {
            throw new IllegalArgumentException("layout is 0 or 1, got " + layout);
        }
    }

    @Override
    public String type() {
        return cell.onnxOp();
    }

    @Override
    public int outputs() {
        return 2;
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    public List<RecurrentLayer> layers() {
        return directions;
    }

    public CellType cell() {
        return cell;
    }

    @Override
    public boolean reversed(int d) {
        return reverseOnly || d == 1;
    }

    @Override
    public int hidden() {
        return directions.get(0).hiddenSize();
    }

    @Override
    public int layout() {
        return layout;
    }

    @Override
    public int directions() {
        return directions.size();
    }

    /** The cells of this evaluation. */
    private CellFactory.Cell[] cells(Slot slot) {
        if (slot.state() == null) {
            CellFactory.Cell[] c = new CellFactory.Cell[directions.size()];
            for (int d = 0; d < c.length; d++) {
                c[d] = slot.cells().cell(directions.get(d));
            }
            slot.state(c);
        }
        return (CellFactory.Cell[]) slot.state();
    }

    /** [steps, rows, in] of X. */
    private int[] dims(Tensor x) {
        int steps = layout == 0 ? x.dim(0) : x.dim(1);
        int rows = layout == 0 ? x.dim(1) : x.dim(0);
        return new int[] {steps, rows, x.dim(2)};
    }

    /** Direction d's time-major input (time-reversed for a reverse direction). */
    private double[] input(Tensor x, int d, int[] dims, Out o) {
        int steps = dims[0];
        int rows = dims[1];
        int in = dims[2];
        double[] out = o.array(2 + d, steps * rows * in);
        double[] src = x.data();
        for (int t = 0; t < steps; t++) {
            int ts = reversed(d) ? steps - 1 - t : t;
            for (int r = 0; r < rows; r++) {
                int from = layout == 0 ? (ts * rows + r) * in : (r * steps + ts) * in;
                System.arraycopy(src, from, out, (t * rows + r) * in, in);
            }
        }
        return out;
    }

    /** Adds direction d's time-major input adjoint back into X's layout. */
    private void addInput(double[] xbar, double[] dir, int d, int[] dims) {
        int steps = dims[0];
        int rows = dims[1];
        int in = dims[2];
        for (int t = 0; t < steps; t++) {
            int ts = reversed(d) ? steps - 1 - t : t;
            for (int r = 0; r < rows; r++) {
                int to = layout == 0 ? (ts * rows + r) * in : (r * steps + ts) * in;
                int from = (t * rows + r) * in;
                for (int k = 0; k < in; k++) {
                    xbar[to + k] += dir[from + k];
                }
            }
        }
    }

    private int yIndex(int t, int d, int r, int steps, int rows) {
        int dirs = directions.size();
        int h = hidden();
        return layout == 0 ? ((t * dirs + d) * rows + r) * h : ((r * steps + t) * dirs + d) * h;
    }

    private int yhIndex(int d, int r, int rows) {
        int dirs = directions.size();
        int h = hidden();
        return layout == 0 ? (d * rows + r) * h : (r * dirs + d) * h;
    }

    /** The shapes of Y and Y_h. */
    private int[][] outputShapes(int[] dims) {
        int steps = dims[0];
        int rows = dims[1];
        int dirs = directions.size();
        int hid = hidden();
        return layout == 0 ? new int[][] {{steps, dirs, rows, hid}, {dirs, rows, hid}}
                : new int[][] {{rows, steps, dirs, hid}, {rows, dirs, hid}};
    }

    /** Y and Y_h from each direction's time-major hidden states (in its own time order). */
    private Tensor[] outputs(double[][] h, int[] dims, Out o) {
        int steps = dims[0];
        int rows = dims[1];
        int dirs = directions.size();
        int hid = hidden();
        int[][] shapes = outputShapes(dims);
        int[] yShape = shapes[0];
        int[] yhShape = shapes[1];
        double[] y = o.array(0, steps * dirs * rows * hid);
        double[] yh = o.array(1, dirs * rows * hid);
        for (int d = 0; d < dirs; d++) {
            for (int t = 0; t < steps; t++) {
                int ts = reversed(d) ? steps - 1 - t : t;
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(h[d], (t * rows + r) * hid, y, yIndex(ts, d, r, steps, rows), hid);
                }
            }
            for (int r = 0; r < rows; r++) {
                System.arraycopy(h[d], ((steps - 1) * rows + r) * hid, yh, yhIndex(d, r, rows), hid);
            }
        }
        return new Tensor[] {new Tensor(yShape, y), new Tensor(yhShape, yh)};
    }

    /** Each direction's h̄ (time-major, its own time order) from Ȳ and Ȳ_h; null when both are zero. */
    private double[][] hiddenAdjoints(Tensor ybar, Tensor yhbar, int[] dims, Out o) {
        if (ybar == null && yhbar == null) {
            return null;
        }
        int steps = dims[0];
        int rows = dims[1];
        int hid = hidden();
        double[][] hb = new double[directions.size()][];
        for (int d = 0; d < hb.length; d++) {
            hb[d] = ybar != null ? o.array(2 + d, steps * rows * hid) : o.zeroed(2 + d, steps * rows * hid);
            if (ybar != null) {
                for (int t = 0; t < steps; t++) {
                    int ts = reversed(d) ? steps - 1 - t : t;
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(ybar.data(), yIndex(ts, d, r, steps, rows), hb[d], (t * rows + r) * hid, hid);
                    }
                }
            }
            if (yhbar != null) {
                for (int r = 0; r < rows; r++) {
                    int base = ((steps - 1) * rows + r) * hid;
                    int from = yhIndex(d, r, rows);
                    for (int k = 0; k < hid; k++) {
                        hb[d][base + k] += yhbar.data()[from + k];
                    }
                }
            }
        }
        return hb;
    }

    private void checkStates(Tensor[] in, int steps) {
        if (in.length > 4 && in[4] != null) {
            for (double v : in[4].data()) {
                if (v != steps) {
                    throw new IllegalArgumentException(type() + " sequence_lens " + (long) v + " for a window of " + steps
                            + " steps: Brink scores full windows only");
                }
            }
        }
        for (int i = 5; i < Math.min(in.length, 7); i++) {
            if (in[i] != null) {
                for (double v : in[i].data()) {
                    if (v != 0) {
                        throw new IllegalArgumentException(type() + " with a non-zero initial state: Brink's fused cells start"
                                + " from zero");
                    }
                }
            }
        }
    }

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        int[] dims = dims(in[0]);
        checkStates(in, dims[0]);
        CellFactory.Cell[] cells = cells(slot);
        Out o = Slot.out(slot, Slot.Pass.FORWARD);
        double[][] h = new double[cells.length][];
        for (int d = 0; d < cells.length; d++) {
            h[d] = cells[d].forward(input(in[0], d, dims, o), dims[0], dims[1]);
        }
        return outputs(h, dims, o);
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        if (inDot[0] == null) {
            return new Tensor[2];
        }
        int[] dims = dims(in[0]);
        CellFactory.Cell[] cells = cells(slot);
        Out o = Slot.out(slot, Slot.Pass.TANGENT);
        double[][] hd = new double[cells.length][];
        for (int d = 0; d < cells.length; d++) {
            hd[d] = cells[d].tangent(input(inDot[0], d, dims, o));
        }
        return outputs(hd, dims, o);
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        int[] dims = dims(in[0]);
        Out o = Slot.out(slot, Slot.Pass.REVERSE);
        double[][] hb = hiddenAdjoints(outBar[0], outBar[1], dims, o);
        CellFactory.Cell[] cells = cells(slot);
        if (hb == null) {
            hb = new double[cells.length][];
            for (int d = 0; d < cells.length; d++) {
                hb[d] = o.zeroed(2 + d, dims[0] * dims[1] * hidden());
            }
        }
        double[] xbar = o.zeroed(0, in[0].size());
        for (int d = 0; d < cells.length; d++) {
            addInput(xbar, cells[d].reverse(hb[d]), d, dims);
        }
        Tensor[] r = new Tensor[in.length];
        r[0] = new Tensor(in[0].shape(), xbar);
        return r;
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        int[] dims = dims(in[0]);
        Out o = Slot.out(slot, Slot.Pass.TANGENT_REVERSE);
        double[][] hbd = hiddenAdjoints(outBarDot[0], outBarDot[1], dims, o);
        CellFactory.Cell[] cells = cells(slot);
        if (hbd == null) {
            hbd = new double[cells.length][];
            for (int d = 0; d < cells.length; d++) {
                hbd[d] = o.zeroed(2 + d, dims[0] * dims[1] * hidden());
            }
        }
        double[] xbd = o.zeroed(0, in[0].size());
        for (int d = 0; d < cells.length; d++) {
            addInput(xbd, cells[d].tangentReverse(hbd[d]), d, dims);
        }
        Tensor[] r = new Tensor[in.length];
        r[0] = new Tensor(in[0].shape(), xbd);
        return r;
    }
}
