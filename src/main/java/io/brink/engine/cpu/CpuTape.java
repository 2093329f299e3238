package io.brink.engine.cpu;

import io.brink.engine.device.Block;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Objective;
import io.brink.engine.device.Precision;
import io.brink.model.Network;
import io.brink.model.SequenceClassifier;
import io.brink.model.graph.Graph;

import java.util.List;

/**
 * A tape on the CPU: a {@link BatchEvaluator} over time-major copies of the blocks' batch-first rows.
 * Hessian-vector products and {@link #outputs} run in chunks of {@link #MAX_ROWS} rows, which bounds
 * the tangent and forward caches (T × rows × gate width doubles per layer).
 */
final class CpuTape implements io.brink.engine.device.Tape {

    /** Rows of one tangent or forward pass at most. */
    static final int MAX_ROWS = 1024;

    private final Evaluator evaluator;
    private final int features;
    private final int classes;
    private int steps;
    private int rows;
    /** Whether the adjoints of a gradient over every forward row are kept, so Hessian-vector products may follow. */
    private boolean kept;

    /** A tape over one network, or over an ensemble's log-mean-exp head when there are several. */
    CpuTape(List<? extends Network> members, Precision precision) {
        this.evaluator = members.size() == 1 ? member(members.get(0), precision)
                : new EnsembleEvaluator(members, precision);
        this.features = members.get(0).inputSize();
        this.classes = members.get(0).numClasses();
    }

    /** The evaluator of one network: the fixed-shape path's kernels, or a graph of ops. */
    static Member member(Network network, Precision precision) {
        if (network instanceof SequenceClassifier s) {
            return new BatchEvaluator(s, precision);
        }
        if (network instanceof Graph g) {
            return new GraphEvaluator(g, precision);
        }
        throw new IllegalArgumentException("no CPU evaluator for " + network.getClass().getSimpleName());
    }

    GemmWork work() {
        return evaluator.gemmWork();
    }

    @Override
    public double[] forward(Block x, int rows) {
        CpuBlock b = CpuBlock.of(x);
        steps = b.steps(features);
        this.rows = rows;
        kept = false;
        return evaluator.forward(Layout.toTimeMajor(b.data(), rows, steps, features), steps, rows).clone();
    }

    @Override
    public void gradient(Objective f, int[] map, Block out) {
        differentiate(f, map, false, out);
    }

    @Override
    public void gradientForHessian(Objective f, Block out) {
        if (f.rows() != rows) {
            throw new IllegalArgumentException("a gradient kept for Hessian-vector products covers every forward row");
        }
        differentiate(f, null, true, out);
        kept = true;
    }

    private void differentiate(Objective f, int[] map, boolean keep, Block out) {
        int rb = f.rows();
        double[] seed = f.seeds(classes);
        double[] gt = new double[rb * steps * features];
        evaluator.gradient(seed, rb, map, keep, gt);
        Layout.toBatchFirst(gt, rb, steps, features, CpuBlock.of(out).data());
    }

    @Override
    public void hessianVector(Block v, int[] map, Block out) {
        if (!kept) {
            throw new IllegalStateException("Hessian-vector products need gradientForHessian on this tape's current forward");
        }
        final int D = steps * features;
        double[] vb = CpuBlock.of(v).data();
        double[] res = CpuBlock.of(out).data();
        int rt = map.length;
        for (int start = 0; start < rt; start += MAX_ROWS) {
            int len = Math.min(MAX_ROWS, rt - start);
            double[] chunk = new double[len * D];
            System.arraycopy(vb, start * D, chunk, 0, len * D);
            int[] m = new int[len];
            System.arraycopy(map, start, m, 0, len);
            double[] tm = new double[len * D];
            evaluator.hessianVector(Layout.toTimeMajor(chunk, len, steps, features), len, m, tm);
            double[] bf = new double[len * D];
            Layout.toBatchFirst(tm, len, steps, features, bf);
            System.arraycopy(bf, 0, res, start * D, len * D);
        }
    }

    @Override
    public double[] memberOutputs() {
        if (rows == 0) {
            throw new IllegalStateException("member outputs need a forward on this tape");
        }
        return evaluator.memberLogits(rows);
    }

    @Override
    public double[] dropoutOutputs(Block x, int count, double rate, int[] layers, long[] rowSeeds) {
        boolean[] drop = new boolean[0];
        for (int l : layers) {
            drop = java.util.Arrays.copyOf(drop, Math.max(drop.length, l + 1));
            drop[l] = true;
        }
        boolean[] dropped = drop;
        return chunkedOutputs(x, count, (xt, T, start, len) -> evaluator.forwardDropout(xt, T, len,
                new Dropout(rate, dropped, java.util.Arrays.copyOfRange(rowSeeds, start, start + len))));
    }

    @Override
    public double[] outputs(Block x, int count) {
        return chunkedOutputs(x, count, (xt, T, start, len) -> evaluator.forward(xt, T, len));
    }

    /** One forward over a chunk of rows {@code start .. start+len-1} (time-major {@code xt}); returns its outputs. */
    private interface ChunkForward {
        double[] outputs(double[] xt, int steps, int start, int len);
    }

    /** Outputs at the first {@code count} vectors of {@code x}, in chunks of at most {@link #MAX_ROWS}; replaces the cache. */
    private double[] chunkedOutputs(Block x, int count, ChunkForward forward) {
        CpuBlock b = CpuBlock.of(x);
        int T = b.steps(features);
        final int D = T * features, L = classes;
        double[] out = new double[count * L];
        for (int start = 0; start < count; start += MAX_ROWS) {
            int len = Math.min(MAX_ROWS, count - start);
            double[] chunk = new double[len * D];
            System.arraycopy(b.data(), start * D, chunk, 0, len * D);
            double[] z = forward.outputs(Layout.toTimeMajor(chunk, len, T, features), T, start, len);
            System.arraycopy(z, 0, out, start * L, len * L);
        }
        rows = 0;
        kept = false;
        return out;
    }

    /** Releases the evaluator's off-heap buffers; unusable afterwards. */
    void close() {
        evaluator.close();
    }
}
