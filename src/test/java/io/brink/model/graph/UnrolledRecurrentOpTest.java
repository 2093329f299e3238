package io.brink.model.graph;

import io.brink.model.CellType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The unrolled ONNX cells' four rules against finite differences, and their equations on a hand-computed step. */
class UnrolledRecurrentOpTest {

    private static double[] w(Random r, int n) {
        double[] d = OpRules.random(r, n);
        for (int i = 0; i < n; i++) {
            d[i] *= 0.5;
        }
        return d;
    }

    private static UnrolledRecurrentOp op(CellType cell, int dirs, boolean reverse, boolean peepholes, Optional<Double> clip,
                                          boolean lbr, int layout, List<Op> acts, Random r) {
        int in = 2;
        int h = 3;
        int g = cell.gates();
        List<UnrolledRecurrentOp.Direction> ds = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            ds.add(new UnrolledRecurrentOp.Direction(reverse || d == 1, w(r, g * h * in), w(r, g * h * h), w(r, g * h), w(r, g * h),
                    peepholes ? w(r, 3 * h) : null, acts));
        }
        return new UnrolledRecurrentOp(cell, ds, in, h, clip, lbr, layout);
    }

    private static void check(UnrolledRecurrentOp op, int layout, Tensor... states) {
        Random r = new Random(3);
        int steps = 4;
        int rows = 2;
        Tensor x = new Tensor(layout == 0 ? new int[] {steps, rows, 2} : new int[] {rows, steps, 2}, OpRules.random(r, steps * rows * 2));
        Tensor[] in = new Tensor[7];
        in[0] = x;
        boolean[] variable = new boolean[7];
        variable[0] = true;
        for (int i = 0; i < states.length; i++) {
            in[5 + i] = states[i];
        }
        OpRules.check(op, in, variable, 9);
    }

    @Test
    void lstmWithPeepholesClipAndOtherActivations() {
        Random r = new Random(1);
        List<Op> acts = List.of(new HardSigmoidOp(0.3, 0.45), new LeakyReluOp(0.2), new SoftsignOp());
        check(op(CellType.LSTM, 1, false, true, Optional.of(0.9), false, 0, acts, r), 0);
        check(op(CellType.LSTM, 2, false, true, Optional.empty(), false, 1, List.of(new SigmoidOp(), new TanhOp(), new TanhOp()), r),
                1, new Tensor(new int[] {2, 1, 3}, w(r, 6)), new Tensor(new int[] {2, 1, 3}, w(r, 6)));
    }

    @Test
    void gruBothResetOrdersAndRnnRelu() {
        Random r = new Random(2);
        List<Op> gru = List.of(new SigmoidOp(), new TanhOp());
        check(op(CellType.GRU, 1, false, false, Optional.empty(), false, 0, gru, r), 0);
        check(op(CellType.GRU, 2, false, false, Optional.empty(), true, 1, gru, r), 1);
        check(op(CellType.GRU, 1, true, false, Optional.of(1.5), false, 0, List.of(new SoftplusOp(), new EluOp(0.5)), r), 0,
                new Tensor(new int[] {1, 2, 3}, new double[] {0.1, -0.2, 0.3, 0.1, -0.2, 0.3}));
        check(op(CellType.RNN_TANH, 1, false, false, Optional.empty(), false, 0, List.of(new ReluOp()), r), 0);
        check(op(CellType.RNN_TANH, 2, false, false, Optional.empty(), false, 1, List.of(new ScaledTanhOp(1.3, 0.7)), r), 1);
    }

    @Test
    void oneRnnStepByHand() {
        // RNN, one step, one window, input 2, hidden 3 — H = relu(x·Wᵀ + h0·Rᵀ + Wb + Rb)
        double[] w = {1, 0, 0, 1, 1, 1};
        double[] rr = {0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5};
        double[] wb = {0, 0, -10};
        double[] rb = {0.1, 0.1, 0.1};
        UnrolledRecurrentOp op = new UnrolledRecurrentOp(CellType.RNN_TANH, List.of(new UnrolledRecurrentOp.Direction(false, w, rr, wb,
                rb, null, List.of(new ReluOp()))), 2, 3, Optional.empty(), false, 0);
        Tensor[] in = new Tensor[7];
        in[0] = new Tensor(new int[] {1, 1, 2}, new double[] {2, 3});
        in[5] = new Tensor(new int[] {1, 1, 3}, new double[] {1, 1, 1});
        Tensor[] out = op.forward(in, new Slot(null));
        assertEquals(2 + 0.5 + 0.1, out[0].data()[0], 1e-15);
        assertEquals(3 + 0.5 + 0.1, out[0].data()[1], 1e-15);
        assertEquals(0, out[0].data()[2], 1e-15);
        assertEquals(out[0].data()[1], out[1].data()[1], 0);
        in[5] = new Tensor(new int[] {1, 2, 3}, new double[] {1, 1, 1, 0, 0, 0});
        in[0] = new Tensor(new int[] {1, 2, 2}, new double[] {2, 3, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> op.forward(in, new Slot(null)), "states that differ between windows");
    }
}
