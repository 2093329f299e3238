package io.brink.engine.cuda;

import io.brink.engine.device.Block;
import io.brink.engine.device.Device;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.engine.device.Tape;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine's device on one GPU: blocks in device memory, the batched vector algebra as kernels (one launch per
 * operation over all its rows; dot products accumulated in double whatever the precision), and tapes of
 * {@link GpuNetwork}s. Per-row scalars come back to the host, vectors only through {@link #download}. Not
 * thread-safe: one device per worker thread, whose calls make the GPU's context current.
 */
public final class CudaDevice implements Device {

    private final Gpu gpu;
    private final List<SequenceClassifier> members;
    private final List<CudaTape> tapes = new ArrayList<>();
    private final GpuBuffer rowsA;
    private final GpuBuffer rowsB;
    private final GpuBuffer scalars;
    private final GpuBuffer results;

    CudaDevice(Gpu gpu, List<SequenceClassifier> members) {
        this.gpu = gpu;
        this.members = List.copyOf(members);
        rowsA = new GpuBuffer(gpu, 4);
        rowsB = new GpuBuffer(gpu, 4);
        scalars = new GpuBuffer(gpu, 8);
        results = new GpuBuffer(gpu, 8);
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
        return gpu.precision;
    }

    @Override
    public Tape tape() {
        gpu.bind();
        CudaTape t = new CudaTape(gpu, members);
        tapes.add(t);
        return t;
    }

    @Override
    public Block upload(double[] values, int firstRow, int rows, int width) {
        gpu.bind();
        long a = gpu.alloc((long) rows * width);
        gpu.upload(values, firstRow * width, (long) rows * width, a);
        return new CudaBlock(gpu, a, rows, width);
    }

    @Override
    public Block zeros(int rows, int width) {
        gpu.bind();
        long a = gpu.alloc((long) rows * width);
        gpu.zero(a, (long) rows * width);
        return new CudaBlock(gpu, a, rows, width);
    }

    @Override
    public double[] download(Block block, int row) {
        gpu.bind();
        CudaBlock b = CudaBlock.of(block, gpu);
        return gpu.download(b.row(row), b.width());
    }

    @Override
    public double[][] downloadRows(Block block, int rows) {
        gpu.bind();
        CudaBlock b = CudaBlock.of(block, gpu);
        int w = b.width();
        double[] all = gpu.download(b.address, (long) rows * w);
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(all, r * w, (r + 1) * w);
        }
        return out;
    }

    @Override
    public double[] dot(Block a, int[] ra, Block b, int[] rb) {
        gpu.bind();
        CudaBlock x = CudaBlock.of(a, gpu), y = CudaBlock.of(b, gpu);
        int n = ra.length;
        long out = results.ensure(n);
        gpu.launchRows(Kernel.ROW_DOT, n, x.address, gpu.uploadInts(ra, 0, n, rowsA), y.address, gpu.uploadInts(rb, 0, n, rowsB), x.width(), n,
                out);
        return gpu.downloadDoubles(out, n);
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
        gpu.bind();
        CudaBlock xb = CudaBlock.of(x, gpu), yb = CudaBlock.of(y, gpu);
        int n = rx.length;
        gpu.launch(Kernel.ROW_AXPY, (long) n * xb.width(), gpu.uploadDoubles(alpha, scalars), xb.address, gpu.uploadInts(rx, 0, n, rowsA),
                yb.address, gpu.uploadInts(ry, 0, n, rowsB), xb.width(), n);
    }

    @Override
    public void scale(Block x, int[] rows, double[] factor) {
        rowScale(x, rows, factor, 0);
    }

    @Override
    public void divide(Block x, int[] rows, double[] divisor) {
        rowScale(x, rows, divisor, 1);
    }

    private void rowScale(Block x, int[] rows, double[] factor, int divide) {
        gpu.bind();
        CudaBlock xb = CudaBlock.of(x, gpu);
        int n = rows.length;
        gpu.launch(Kernel.ROW_SCALE, (long) n * xb.width(), xb.address, gpu.uploadInts(rows, 0, n, rowsA), gpu.uploadDoubles(factor, scalars),
                xb.width(), n, divide);
    }

    @Override
    public void copy(Block src, int[] srcRows, Block dst, int[] dstRows) {
        gpu.bind();
        CudaBlock s = CudaBlock.of(src, gpu), d = CudaBlock.of(dst, gpu);
        int n = srcRows.length;
        gpu.launch(Kernel.ROW_COPY, (long) n * s.width(), s.address, gpu.uploadInts(srcRows, 0, n, rowsA), d.address,
                gpu.uploadInts(dstRows, 0, n, rowsB), s.width(), n);
    }

    @Override
    public Block shifted(Block x, int[] xRows, Block d, int[] dRows, double[] scale) {
        gpu.bind();
        CudaBlock xb = CudaBlock.of(x, gpu), db = CudaBlock.of(d, gpu);
        int n = xRows.length;
        long out = gpu.alloc((long) n * xb.width());
        gpu.launch(Kernel.ROW_SHIFTED, (long) n * xb.width(), xb.address, gpu.uploadInts(xRows, 0, n, rowsA), db.address,
                gpu.uploadInts(dRows, 0, n, rowsB), gpu.uploadDoubles(scale, scalars), out, xb.width(), n);
        return new CudaBlock(gpu, out, n, xb.width());
    }

    @Override
    public GemmWork work() {
        return gpu.blas.work();
    }

    /** The GPU's FP32 matrix-product rate measured now (FLOP/s, SGEMM of size³), the bound a benchmark compares with. */
    public double sgemmRate(int size, int repeats) {
        gpu.bind();
        return gpu.blas.sgemmRate(size, repeats);
    }

    @Override
    public void close() {
        gpu.bind();
        tapes.forEach(CudaTape::close);
        tapes.clear();
        rowsA.close();
        rowsB.close();
        scalars.close();
        results.close();
        gpu.close();
    }
}
