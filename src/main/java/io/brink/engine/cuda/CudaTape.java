package io.brink.engine.cuda;

import io.brink.engine.device.Block;
import io.brink.engine.device.DropoutMasks;
import io.brink.engine.device.EnsembleHead;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Tape;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tape on a GPU: one {@link GpuNetwork} per member over time-major copies of the blocks' batch-first rows (made by a
 * layout kernel), and for an ensemble the log-mean-exp head on the host ({@link EnsembleHead}; only the members'
 * logits, their tangents and the seeds, a few values per row, cross the bus). Hessian-vector products and
 * {@link #outputs} run in chunks of at most {@link #CHUNK} rows, which bounds the tangent caches.
 */
final class CudaTape implements Tape, AutoCloseable {

    /** Rows of one tangent or chunked forward pass at most. */
    static final int CHUNK = 32_768;

    private final Gpu gpu;
    private final List<GpuNetwork> nets = new ArrayList<>();
    private final EnsembleHead head;
    private final int features;
    private final int classes;
    private final GpuBuffer xt;
    private final GpuBuffer gt;
    private final GpuBuffer seed;
    private final GpuBuffer map;
    private final GpuBuffer[] masks;
    private double[] memberLogits = new double[0];
    private int steps;
    private int rows;
    private boolean kept;

    CudaTape(Gpu gpu, List<SequenceClassifier> members) {
        this.gpu = gpu;
        for (SequenceClassifier m : members) {
            nets.add(new GpuNetwork(gpu, m));
        }
        features = members.get(0).inputSize();
        classes = members.get(0).numClasses();
        head = members.size() > 1 ? new EnsembleHead(members.size(), classes) : null;
        xt = new GpuBuffer(gpu);
        gt = new GpuBuffer(gpu);
        seed = new GpuBuffer(gpu);
        map = new GpuBuffer(gpu, 4);
        masks = new GpuBuffer[members.get(0).recurrent().size()];
        for (int l = 0; l < masks.length; l++) {
            masks[l] = new GpuBuffer(gpu, 1);
        }
    }

    /** Time-major copy of rows {@code first .. first+n-1} of a block into {@code buffer}; returns its address. */
    private long timeMajor(CudaBlock b, int first, int n, int T, GpuBuffer buffer) {
        long dst = buffer.ensure((long) n * T * features);
        gpu.launch(Kernel.TO_TIME_MAJOR, (long) n * T * features, b.row(first), dst, n, T, features);
        return dst;
    }

    /** Batch-first copy of a time-major result (n rows) into rows {@code first ..} of {@code out}, added when {@code add}. */
    private void batchFirst(long src, int n, CudaBlock out, int first, boolean add) {
        gpu.launch(Kernel.TO_BATCH_FIRST, (long) n * steps * features, src, out.row(first), n, steps, features, add ? 1 : 0);
    }

    @Override
    public double[] forward(Block x, int rows) {
        gpu.bind();
        CudaBlock b = CudaBlock.of(x, gpu);
        steps = b.steps(features);
        this.rows = rows;
        kept = false;
        long in = timeMajor(b, 0, rows, steps, xt);
        return forwardAll(in, rows, null, 0);
    }

    /** Each member's forward over time-major {@code in}; the decision outputs, keeping the members' logits. */
    private double[] forwardAll(long in, int n, long[] maskAddresses, double keepScale) {
        final int M = nets.size(), C = classes;
        if (M == 1) {
            double[] z = gpu.download(nets.get(0).forward(in, steps, n, maskAddresses, keepScale), (long) n * C);
            memberLogits = z;
            return z.clone();
        }
        double[] z = new double[n * M * C];
        for (int m = 0; m < M; m++) {
            double[] zm = gpu.download(nets.get(m).forward(in, steps, n, maskAddresses, keepScale), (long) n * C);
            for (int r = 0; r < n; r++) {
                System.arraycopy(zm, r * C, z, (r * M + m) * C, C);
            }
        }
        memberLogits = z;
        return head.forward(z, n).clone();
    }

    @Override
    public void gradient(Objective f, int[] rowMap, Block out) {
        differentiate(f, rowMap, false, out);
    }

    @Override
    public void gradientForHessian(Objective f, Block out) {
        if (f.rows() != rows) {
            throw new IllegalArgumentException("a gradient kept for Hessian-vector products covers every forward row");
        }
        differentiate(f, null, true, out);
        kept = true;
    }

    private void differentiate(Objective f, int[] rowMap, boolean keep, Block out) {
        gpu.bind();
        if (rows == 0) {
            throw new IllegalStateException("a gradient needs a forward on this tape");
        }
        CudaBlock o = CudaBlock.of(out, gpu);
        int rb = f.rows();
        double[] w = f.seeds(classes);
        long mapAddress = rowMap == null ? 0 : gpu.uploadInts(rowMap, 0, rb, map);
        long g = gt.ensure((long) rb * steps * features);
        if (head != null && keep) {
            head.keep(w, rb);
        }
        for (int m = 0; m < nets.size(); m++) {
            double[] s = head == null ? w : head.memberSeed(w, rb, rowMap, m);
            nets.get(m).gradient(gpu.uploadValues(s, seed), rb, mapAddress, keep, g);
            batchFirst(g, rb, o, 0, m > 0);
        }
    }

    @Override
    public void hessianVector(Block v, int[] rowMap, Block out) {
        gpu.bind();
        if (!kept) {
            throw new IllegalStateException("Hessian-vector products need gradientForHessian on this tape's current forward");
        }
        CudaBlock vb = CudaBlock.of(v, gpu);
        CudaBlock o = CudaBlock.of(out, gpu);
        final int M = nets.size(), C = classes;
        int rt = rowMap.length;
        for (int start = 0; start < rt; start += CHUNK) {
            int len = Math.min(CHUNK, rt - start);
            long vt = timeMajor(vb, start, len, steps, xt);
            long mapAddress = gpu.uploadInts(rowMap, start, len, map);
            long res = gt.ensure((long) len * steps * features);
            if (M == 1) {
                GpuNetwork net = nets.get(0);
                net.tangentForward(vt, len, mapAddress);
                net.tangentBackward(0, len, mapAddress, res);
                batchFirst(res, len, o, start, false);
                continue;
            }
            double[] zdot = new double[len * M * C];
            for (int m = 0; m < M; m++) {
                double[] zm = gpu.download(nets.get(m).tangentForward(vt, len, mapAddress), (long) len * C);
                for (int r = 0; r < len; r++) {
                    System.arraycopy(zm, r * C, zdot, (r * M + m) * C, C);
                }
            }
            double[][] sdot = head.seedTangents(zdot, len, Arrays.copyOfRange(rowMap, start, start + len));
            for (int m = 0; m < M; m++) {
                nets.get(m).tangentBackward(gpu.uploadValues(sdot[m], seed), len, mapAddress, res);
                batchFirst(res, len, o, start, m > 0);
            }
        }
    }

    @Override
    public double[] outputs(Block x, int count) {
        return chunked(x, count, 0, null, null);
    }

    @Override
    public double[] memberOutputs() {
        if (rows == 0) {
            throw new IllegalStateException("member outputs need a forward on this tape");
        }
        return memberLogits.clone();
    }

    @Override
    public double[] dropoutOutputs(Block x, int count, double rate, int[] layers, long[] rowSeeds) {
        if (nets.size() > 1) {
            throw new UnsupportedOperationException("an ensemble takes its uncertainty from its members, not from dropout");
        }
        return chunked(x, count, rate, layers, rowSeeds);
    }

    /** Outputs at the first {@code count} rows in chunks; with {@code layers}, MC dropout on those layers. */
    private double[] chunked(Block x, int count, double rate, int[] layers, long[] rowSeeds) {
        gpu.bind();
        CudaBlock b = CudaBlock.of(x, gpu);
        steps = b.steps(features);
        double[] out = new double[count * classes];
        int[] hidden = nets.get(0).hiddenSizes();
        for (int start = 0; start < count; start += CHUNK) {
            int len = Math.min(CHUNK, count - start);
            long in = timeMajor(b, start, len, steps, xt);
            long[] maskAddresses = null;
            if (layers != null) {
                maskAddresses = new long[hidden.length];
                long[] seeds = Arrays.copyOfRange(rowSeeds, start, start + len);
                for (int l : layers) {
                    if (l >= 0 && l < hidden.length) {
                        maskAddresses[l] = gpu.uploadBytes(DropoutMasks.layer(seeds, l, steps, hidden[l], rate), masks[l]);
                    }
                }
            }
            double[] z = forwardAll(in, len, maskAddresses, layers == null ? 0 : 1 / (1 - rate));
            System.arraycopy(z, 0, out, start * classes, len * classes);
        }
        rows = 0;
        kept = false;
        return out;
    }

    @Override
    public void close() {
        gpu.bind();
        nets.forEach(GpuNetwork::close);
        xt.close();
        gt.close();
        seed.close();
        map.close();
        for (GpuBuffer m : masks) {
            m.close();
        }
    }
}
