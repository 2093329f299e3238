package io.brink.engine.cpu;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.engine.device.Tape;
import io.brink.model.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * One CPU worker's device (one network or an ensemble's members): tapes over the Java kernels (matrix products through ND4J/OpenBLAS) and the
 * vector algebra as plain loops over the blocks' arrays, each summing in index order. Used by one thread.
 */
final class CpuDevice implements Device {

    private final List<Network> members;
    private final Precision precision;
    private final List<CpuTape> tapes = new ArrayList<>();

    CpuDevice(List<? extends Network> members, Precision precision) {
        this.members = List.copyOf(members);
        this.precision = precision;
    }

    @Override
    public int features() {
        return members.get(0).inputSize();
    }

    @Override
    public int outputs() {
        return members.get(0).numClasses();
    }

    @Override
    public int members() {
        return members.size();
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Tape tape() {
        CpuTape t = new CpuTape(members, precision);
        tapes.add(t);
        return t;
    }

    @Override
    public Block upload(double[] values, int firstRow, int rows, int width) {
        double[] data = new double[rows * width];
        System.arraycopy(values, firstRow * width, data, 0, rows * width);
        return new CpuBlock(data, rows, width);
    }

    @Override
    public Block zeros(int rows, int width) {
        return new CpuBlock(new double[rows * width], rows, width);
    }

    @Override
    public double[] download(Block block, int row) {
        CpuBlock b = CpuBlock.of(block);
        double[] out = new double[b.width()];
        System.arraycopy(b.data(), row * b.width(), out, 0, b.width());
        return out;
    }

    @Override
    public double[] dot(Block a, int[] ra, Block b, int[] rb) {
        double[] x = CpuBlock.of(a).data();
        double[] y = CpuBlock.of(b).data();
        int n = a.width();
        double[] out = new double[ra.length];
        for (int i = 0; i < ra.length; i++) {
            int xo = ra[i] * n;
            int yo = rb[i] * n;
            double s = 0;
            for (int e = 0; e < n; e++) {
                s += x[xo + e] * y[yo + e];
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public double[] norm(Block a, int[] rows) {
        double[] d = dot(a, rows, a, rows);
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.sqrt(d[i]);
        }
        return d;
    }

    @Override
    public void axpy(double[] alpha, Block x, int[] rx, Block y, int[] ry) {
        double[] xs = CpuBlock.of(x).data();
        double[] ys = CpuBlock.of(y).data();
        int n = x.width();
        for (int i = 0; i < rx.length; i++) {
            int xo = rx[i] * n;
            int yo = ry[i] * n;
            double a = alpha[i];
            for (int e = 0; e < n; e++) {
                ys[yo + e] += a * xs[xo + e];
            }
        }
    }

    @Override
    public void scale(Block x, int[] rows, double[] factor) {
        double[] xs = CpuBlock.of(x).data();
        int n = x.width();
        for (int i = 0; i < rows.length; i++) {
            int o = rows[i] * n;
            double f = factor[i];
            for (int e = 0; e < n; e++) {
                xs[o + e] = f * xs[o + e];
            }
        }
    }

    @Override
    public void divide(Block x, int[] rows, double[] divisor) {
        double[] xs = CpuBlock.of(x).data();
        int n = x.width();
        for (int i = 0; i < rows.length; i++) {
            int o = rows[i] * n;
            double d = divisor[i];
            for (int e = 0; e < n; e++) {
                xs[o + e] /= d;
            }
        }
    }

    @Override
    public void copy(Block src, int[] srcRows, Block dst, int[] dstRows) {
        double[] s = CpuBlock.of(src).data();
        double[] d = CpuBlock.of(dst).data();
        int n = src.width();
        for (int i = 0; i < srcRows.length; i++) {
            System.arraycopy(s, srcRows[i] * n, d, dstRows[i] * n, n);
        }
    }

    @Override
    public GemmWork work() {
        GemmWork w = GemmWork.NONE;
        for (CpuTape t : tapes) {
            w = w.plus(t.work());
        }
        return w;
    }

    @Override
    public void close() {
        tapes.forEach(CpuTape::close);
        tapes.clear();
    }
}
