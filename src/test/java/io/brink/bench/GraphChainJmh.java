package io.brink.bench;

import io.brink.model.graph.AddOp;
import io.brink.model.graph.ElementwiseChains;
import io.brink.model.graph.Graph;
import io.brink.model.graph.GraphRun;
import io.brink.model.graph.MatMulOp;
import io.brink.model.graph.MulOp;
import io.brink.model.graph.ReduceOp;
import io.brink.model.graph.SigmoidOp;
import io.brink.model.graph.TanhOp;
import io.brink.model.graph.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmark of an element-wise chain run fused and op by op: a graph x [256, 64, 64] → Mul(γ) → Add(β) → Tanh →
 * Sigmoid → mean over time → MatMul → logits, its passes as the profile makes them — a forward and a gradient, then
 * {@code hvps} Hessian-vector products (tangent and tangent reverse). Run with {@code tools/jmh.sh GraphChainJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class GraphChainJmh {

    @Param({"true", "false"})
    boolean fused;

    @Param({"0", "20"})
    int hvps;

    GraphRun run;
    Tensor x;
    Tensor v;
    Tensor seed;

    @Setup
    public void setUp() {
        int n = 256, t = 64, h = 64;
        SplittableRandom r = new SplittableRandom(1);
        List<Graph.Node> nodes = List.of(
                new Graph.Node("mul", new MulOp(), new int[] {0, 1}, new int[] {4}),
                new Graph.Node("add", new AddOp(), new int[] {4, 2}, new int[] {5}),
                new Graph.Node("tanh", new TanhOp(), new int[] {5}, new int[] {6}),
                new Graph.Node("sigmoid", new SigmoidOp(), new int[] {6}, new int[] {7}),
                new Graph.Node("mean", new ReduceOp(true, new int[] {1}, false, false), new int[] {7}, new int[] {8}),
                new Graph.Node("head", new MatMulOp(), new int[] {8, 3}, new int[] {9}));
        Graph g = new Graph(nodes, Map.of(1, random(r, h), 2, random(r, h), 3, random(r, h, 3)), 10, 0, 9, false, false, h, 3);
        run = fused ? new GraphRun(g, ElementwiseChains.fuse(g), null) : new GraphRun(g, null);
        x = random(r, n, t, h);
        v = random(r, n, t, h);
        seed = random(r, n, 3);
    }

    private static Tensor random(SplittableRandom r, int... shape) {
        int size = 1;
        for (int dim : shape) {
            size *= dim;
        }
        double[] d = new double[size];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return new Tensor(shape, d);
    }

    /** One forward, one gradient, then the Hessian-vector products. */
    @Benchmark
    public double passes() {
        double sum = run.forward(x).data()[0] + run.reverse(seed).data()[0];
        for (int k = 0; k < hvps; k++) {
            run.tangent(v);
            sum += run.tangentReverse(null).data()[0];
        }
        return sum;
    }
}
