package io.brink.engine.cpu;

import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.model.graph.ElementwiseChains;
import io.brink.model.graph.Graph;
import io.brink.model.graph.GraphRun;
import io.brink.model.graph.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Graph} of ops on the CPU: its passes ({@link GraphRun}) over the windows in the graph's own layout, its fused
 * recurrent cells on the {@link RecurrentKernel}s. Rows named through a row map run on the primal forward, in layers of
 * distinct windows with zero tangents elsewhere (Hutchinson's probes: each window's k-th probe in layer k), when that
 * costs at most twice the map's own rows; otherwise by a forward and a kept reverse of the gathered windows, reused
 * while the same map comes back. A graph
 * exported for batches of one runs window by window. Generic ops compute in float64 whatever the precision; the fused
 * cells' products in the device's precision.
 */
final class GraphEvaluator implements Member {

    private final Graph graph;
    /** The graph's nodes as evaluated: its element-wise chains fused. */
    private final List<Graph.Node> nodes;
    private final Gemm gemm;
    private final KernelCells cells;
    private final List<GraphRun> primalRuns = new ArrayList<>();
    private final List<GraphRun> mappedRuns = new ArrayList<>();
    /** Runs for gradients at mapped rows and for dropped-out passes: kept, so that their cells' buffers are made once. */
    private final List<GraphRun> gradientRuns = new ArrayList<>();
    private final List<GraphRun> dropoutRuns = new ArrayList<>();
    private double[] x = new double[0];
    private int steps;
    private int rows;
    private double[] logits = new double[0];
    private double[] keptSeed;
    private int[] lastMap;
    private boolean mappedReady;

    GraphEvaluator(Graph graph, Precision precision) {
        this.graph = graph;
        this.nodes = ElementwiseChains.fuse(graph);
        this.gemm = new Gemm(precision);
        this.cells = new KernelCells(gemm);
    }

    @Override
    public int classes() {
        return graph.classes();
    }

    @Override
    public GemmWork gemmWork() {
        return gemm.work();
    }

    @Override
    public void close() {
        gemm.close();
    }

    /** Windows per run: 1 for a graph of batch one, else all. */
    private int block(int n) {
        return graph.batchOne() ? 1 : Math.max(1, n);
    }

    private void ensure(List<GraphRun> runs, int n) {
        while (runs.size() < n) {
            runs.add(new GraphRun(graph, nodes, cells));
        }
    }

    /** Rows [from, from + n) of time-major x (T × total × d) as the graph's input tensor. */
    private Tensor input(double[] xt, int total, int from, int n) {
        int d = graph.features();
        double[] v = new double[steps * n * d];
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < n; r++) {
                int to = graph.timeMajor() ? (t * n + r) * d : (r * steps + t) * d;
                System.arraycopy(xt, (t * total + from + r) * d, v, to, d);
            }
        }
        return new Tensor(graph.timeMajor() ? new int[] {steps, n, d} : new int[] {n, steps, d}, v);
    }

    /** Writes a graph-layout tensor of n windows into rows [from, from + n) of time-major out (T × total × d). */
    private void output(Tensor g, double[] out, int total, int from, int n) {
        int d = graph.features();
        double[] v = g.data();
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < n; r++) {
                int src = graph.timeMajor() ? (t * n + r) * d : (r * steps + t) * d;
                System.arraycopy(v, src, out, (t * total + from + r) * d, d);
            }
        }
    }

    /** Logits (n × classes) of the runs over the n windows of time-major xt. */
    private double[] forwardRuns(List<GraphRun> runs, double[] xt, int n) {
        int c = graph.classes();
        int b = block(n);
        ensure(runs, (n + b - 1) / b);
        double[] z = new double[n * c];
        for (int k = 0, from = 0; from < n; k++, from += b) {
            int len = Math.min(b, n - from);
            Tensor out = runs.get(k).forward(input(xt, n, from, len));
            if (out.rank() != 2 || out.dim(0) != len || out.dim(1) != c) {
                throw new IllegalStateException("the graph gave logits of shape " + Arrays.toString(out.shape()) + " for " + len
                        + " windows; expected [" + len + ", " + c + "]");
            }
            System.arraycopy(out.data(), 0, z, from * c, len * c);
        }
        return z;
    }

    @Override
    public double[] forward(double[] x, int steps, int rows) {
        this.steps = steps;
        this.rows = rows;
        this.x = Arrays.copyOf(x, steps * rows * graph.features());
        this.keptSeed = null;
        this.mappedReady = false;
        this.lastMap = null;
        logits = forwardRuns(primalRuns, this.x, rows);
        return logits;
    }

    @Override
    public double[] memberLogits(int rows) {
        return Arrays.copyOf(logits, rows * graph.classes());
    }

    @Override
    public double[] forwardDropout(double[] x, int steps, int rows, Dropout dropout) {
        this.steps = steps;
        int c = graph.classes();
        int b = block(rows);
        List<GraphRun> runs = dropoutRuns;
        ensure(runs, (rows + b - 1) / b);
        double[] z = new double[rows * c];
        for (int k = 0, from = 0; from < rows; k++, from += b) {
            int len = Math.min(b, rows - from);
            Tensor out = runs.get(k).forward(input(x, rows, from, len), new GraphDropout(graph, dropout, from, len, steps));
            System.arraycopy(out.data(), 0, z, from * c, len * c);
        }
        // the primal caches are not for differentiating after a dropped-out pass
        this.keptSeed = null;
        this.mappedReady = false;
        this.rows = 0;
        return z;
    }

    /** Reverse passes of the runs with seed rows (n × classes); x̄ time-major into out. */
    private void reverseRuns(List<GraphRun> runs, double[] seed, int n, double[] out) {
        int c = graph.classes();
        int b = block(n);
        for (int k = 0, from = 0; from < n; k++, from += b) {
            int len = Math.min(b, n - from);
            Tensor s = new Tensor(new int[] {len, c}, Arrays.copyOfRange(seed, from * c, (from + len) * c));
            output(runs.get(k).reverse(s), out, n, from, len);
        }
    }

    private static boolean identity(int[] map, int n, int rows) {
        if (map == null) {
            return n == rows;
        }
        if (map.length != rows) {
            return false;
        }
        for (int i = 0; i < map.length; i++) {
            if (map[i] != i) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void gradient(double[] seed, int rb, int[] map, boolean keep, double[] out) {
        if (keep && (rb != rows || map != null)) {
            throw new IllegalArgumentException("a kept gradient covers every primal row in order");
        }
        if (identity(map, rb, rows)) {
            reverseRuns(primalRuns, seed, rb, out);
            if (keep) {
                keptSeed = seed.clone();
                mappedReady = false;
            }
            return;
        }
        forwardRuns(gradientRuns, RowMaps.pick(x, rows, map, graph.features(), steps), rb);
        reverseRuns(gradientRuns, seed, rb, out);
    }

    @Override
    public void hessianVector(double[] v, int rt, int[] map, double[] out) {
        List<int[]> layers = keptSeed == null ? null : RowMaps.layers(rt, map, rows);
        if (layers == null) {
            tangentForward(v, rt, map);
            tangentBackward(null, rt, map, out);
            return;
        }
        int d = graph.features();
        for (int[] positions : layers) {
            int n = positions.length;
            int[] rowsOf = new int[n];
            for (int i = 0; i < n; i++) {
                rowsOf[i] = map[positions[i]];
            }
            double[] vl = RowMaps.pick(v, rt, positions, d, steps);
            tangentPasses(primalRuns, RowMaps.scatter(vl, n, rowsOf, d, steps, rows), rows);
            double[] full = new double[steps * rows * d];
            tangentReversePasses(primalRuns, null, rows, full);
            double[] got = RowMaps.pick(full, rows, rowsOf, d, steps);
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < n; i++) {
                    System.arraycopy(got, (t * n + i) * d, out, (t * rt + positions[i]) * d, d);
                }
            }
        }
    }

    /** The runs whose kept reverse a tangent pass at these rows follows. */
    private List<GraphRun> tangentRuns(int rt, int[] map) {
        if (keptSeed == null) {
            throw new IllegalStateException("Hessian-vector products need a kept gradient on the current forward");
        }
        if (identity(map, rt, rows)) {
            return primalRuns;
        }
        if (!mappedReady || !Arrays.equals(map, lastMap)) {
            forwardRuns(mappedRuns, RowMaps.pick(x, rows, map, graph.features(), steps), rt);
            reverseRuns(mappedRuns, RowMaps.pick(keptSeed, rows, map, graph.classes(), 1), rt, new double[steps * rt * graph.features()]);
            lastMap = map.clone();
            mappedReady = true;
        }
        return mappedRuns;
    }

    /**
     * Whether the tangent passes at these rows run on the primal forward itself: every mapped row a distinct primal
     * row (Lanczos' active windows), at least half of them. The passes then run over all primal rows, with zero
     * tangents in the rows not mapped, and no forward is repeated; fewer rows get their own forward (kept while the
     * same map returns).
     */
    private boolean onPrimal(int rt, int[] map) {
        if (identity(map, rt, rows)) {
            return true;
        }
        if (mappedReady && Arrays.equals(map, lastMap)) {
            // rows whose own forward is kept already: those alone cost less
            return false;
        }
        List<int[]> layers = RowMaps.layers(rt, map, rows);
        return layers != null && layers.size() == 1;
    }

    @Override
    public double[] tangentForward(double[] v, int rt, int[] map) {
        int c = graph.classes();
        if (keptSeed != null && onPrimal(rt, map)) {
            double[] full = tangentPasses(primalRuns, RowMaps.scatter(v, rt, map, graph.features(), steps, rows), rows);
            return RowMaps.pick(full, rows, map, c, 1);
        }
        return tangentPasses(tangentRuns(rt, map), v, rt);
    }

    private double[] tangentPasses(List<GraphRun> runs, double[] v, int n) {
        int c = graph.classes();
        int b = block(n);
        double[] zd = new double[n * c];
        for (int k = 0, from = 0; from < n; k++, from += b) {
            int len = Math.min(b, n - from);
            Tensor out = runs.get(k).tangent(input(v, n, from, len));
            System.arraycopy(out.data(), 0, zd, from * c, len * c);
        }
        return zd;
    }

    @Override
    public void tangentBackward(double[] seedDot, int rt, int[] map, double[] out) {
        if (keptSeed != null && onPrimal(rt, map)) {
            double[] sd = seedDot == null ? null : RowMaps.scatter(seedDot, rt, map, graph.classes(), 1, rows);
            double[] full = new double[steps * rows * graph.features()];
            tangentReversePasses(primalRuns, sd, rows, full);
            System.arraycopy(RowMaps.pick(full, rows, map, graph.features(), steps), 0, out, 0, steps * rt * graph.features());
            return;
        }
        tangentReversePasses(tangentRuns(rt, map), seedDot, rt, out);
    }

    private void tangentReversePasses(List<GraphRun> runs, double[] seedDot, int n, double[] out) {
        int c = graph.classes();
        int b = block(n);
        for (int k = 0, from = 0; from < n; k++, from += b) {
            int len = Math.min(b, n - from);
            Tensor sd = seedDot == null ? null : new Tensor(new int[] {len, c}, Arrays.copyOfRange(seedDot, from * c, (from + len) * c));
            output(runs.get(k).tangentReverse(sd), out, n, from, len);
        }
    }
}
