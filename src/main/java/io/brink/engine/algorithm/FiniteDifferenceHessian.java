package io.brink.engine.algorithm;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;

/**
 * Hessian-vector products as central differences of exact gradients,
 * (∇g(x + hv) − ∇g(x − hv)) / 2h with h = ε^{1/3}·max(1, rms(x))/‖v‖ (ε the device precision's machine
 * epsilon), which balances the O(h²) truncation error against the O(ε/h) rounding error. A zero v gives a
 * zero product. Runs two forwards and two gradients on its own tape per chunk of rows.
 */
final class FiniteDifferenceHessian implements HessianOperator {

    private final Device device;
    private final Tape tape;
    private final Block x;
    private final Objective objective;

    FiniteDifferenceHessian(Device device, Tape tape, Block x, Objective objective) {
        this.device = device;
        this.tape = tape;
        this.x = x;
        this.objective = objective;
    }

    @Override
    public void apply(Block v, int[] map, Block out) {
        int rt = map.length;
        for (int start = 0; start < rt; start += HessianOperator.MAX_ROWS) {
            int len = Math.min(HessianOperator.MAX_ROWS, rt - start);
            int[] m = new int[len];
            System.arraycopy(map, start, m, 0, len);
            chunk(v, Device.range(start, len), m, out);
        }
    }

    private void chunk(Block v, int[] vRows, int[] map, Block out) {
        final int D = x.width(), rt = map.length;
        final int[] all = Device.range(rt);
        double cbrtEps = Math.cbrt(device.precision().epsilon());
        double[] xNorm = device.norm(x, map);
        double[] vNorm = device.norm(v, vRows);
        double[] h = new double[rt];
        double[] minusH = new double[rt];
        double[] minusOne = new double[rt];
        for (int r = 0; r < rt; r++) {
            double rms = xNorm[r] / Math.sqrt(D);
            h[r] = vNorm[r] == 0 ? 0 : cbrtEps * Math.max(1, rms) / vNorm[r];
            minusH[r] = -h[r];
            minusOne[r] = -1;
        }
        Objective f = objective.select(map);
        try (Block plus = device.shifted(x, map, v, vRows, h); Block minus = device.shifted(x, map, v, vRows, minusH);
             Block gp = device.zeros(rt, D); Block gm = device.zeros(rt, D); Block zero = device.zeros(1, D)) {
            tape.forward(plus, rt);
            tape.gradient(f, all, gp);
            tape.forward(minus, rt);
            tape.gradient(f, all, gm);
            device.axpy(minusOne, gm, all, gp, all);
            int moved = 0;
            for (double s : h) {
                moved += s == 0 ? 0 : 1;
            }
            int[] stepRows = new int[moved];
            double[] twoH = new double[moved];
            int[] zeroRows = new int[rt - moved];
            int a = 0;
            int b = 0;
            for (int r = 0; r < rt; r++) {
                if (h[r] == 0) {
                    zeroRows[b++] = r;
                } else {
                    stepRows[a] = r;
                    twoH[a++] = 2 * h[r];
                }
            }
            device.divide(gp, stepRows, twoH);
            device.copy(zero, new int[zeroRows.length], gp, zeroRows);
            device.copy(gp, all, out, vRows);
        }
    }
}
