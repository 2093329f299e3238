package io.brink.model.graph;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fused element-wise chains give what the ops one by one give — values, gradients, Jacobian-vector and
 * Hessian-vector products — and fusion stops where a value has another consumer.
 */
class ElementwiseChainsTest {

    private static Tensor t(long seed, int... shape) {
        Random r = new Random(seed);
        double[] v = new double[Tensor.checkedSize(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return new Tensor(shape, v);
    }

    /**
     * x [N, T, 3] → Add(c₁ [3]) → Tanh → t; Mul(t, c₂) → a; Add(a, t) → b; ReduceMean over time → Softplus → Sub(c₃ [3])
     * → logits: the chains Add+Tanh (t has two consumers, so it stops there) and Softplus+Sub.
     */
    private static Graph graph() {
        int x = 0, c1 = 1, c2 = 2, c3 = 3, u = 4, tv = 5, a = 6, b = 7, m = 8, s = 9, y = 10;
        List<Graph.Node> nodes = List.of(
                new Graph.Node("add", new AddOp(), new int[] {x, c1}, new int[] {u}),
                new Graph.Node("tanh", new TanhOp(), new int[] {u}, new int[] {tv}),
                new Graph.Node("mul", new MulOp(), new int[] {c2, tv}, new int[] {a}),
                new Graph.Node("add2", new AddOp(), new int[] {a, tv}, new int[] {b}),
                new Graph.Node("mean", new ReduceOp(true, new int[] {1}, false, false), new int[] {b}, new int[] {m}),
                new Graph.Node("softplus", new SoftplusOp(), new int[] {m}, new int[] {s}),
                new Graph.Node("sub", new SubOp(), new int[] {s, c3}, new int[] {y}));
        Map<Integer, Tensor> constants = Map.of(c1, t(1, 3), c2, Tensor.scalar(1.7), c3, t(3, 3));
        return new Graph(nodes, constants, 11, x, y, false, false, 3, 3);
    }

    @Test
    void chainsAreFusedUpToAValueWithAnotherConsumer() {
        List<Graph.Node> fused = ElementwiseChains.fuse(graph());
        assertEquals(List.of("Add+Tanh", "Mul", "Add", "ReduceMean", "Softplus+Sub"), fused.stream().map(n -> n.op().type()).toList());
    }

    @Test
    void aFusedRunGivesWhatTheOpsOneByOneGive() {
        Graph g = graph();
        GraphRun plain = new GraphRun(g, null);
        GraphRun fused = new GraphRun(g, ElementwiseChains.fuse(g), null);
        for (int round = 0; round < 3; round++) {
            int n = round == 1 ? 2 : 4; // a batch size between two of another: the buffers follow
            Tensor x = t(10 + round, n, 5, 3);
            assertArrayEquals(plain.forward(x).data(), fused.forward(x).data(), 1e-14, "logits");
            Tensor seed = t(20 + round, n, 3);
            assertArrayEquals(plain.reverse(seed).data(), fused.reverse(seed).data(), 1e-14, "gradient");
            Tensor v = t(30 + round, n, 5, 3);
            assertArrayEquals(plain.tangent(v).data(), fused.tangent(v).data(), 1e-14, "Jacobian-vector product");
            Tensor seedDot = t(40 + round, n, 3);
            assertArrayEquals(plain.tangentReverse(seedDot).data(), fused.tangentReverse(seedDot).data(), 1e-13,
                    "Hessian-vector product");
        }
    }

    @Test
    void aChainOpFollowsItsRulesAndBroadcastsWhereAConstantWidensIt() {
        ElementwiseChainOp chain = new ElementwiseChainOp(List.of(
                new ElementwiseChainOp.Link(new SubOp(), t(60, 4, 1, 3), true),
                new ElementwiseChainOp.Link(new SigmoidOp(), null, false),
                new ElementwiseChainOp.Link(new PowOp(), Tensor.scalar(3), false),
                new ElementwiseChainOp.Link(new DivOp(), Tensor.vector(1.5, -2, 0.8), false)));
        Tensor x = t(62, 2, 3);
        assertArrayEquals(new int[] {4, 2, 3}, chain.forward(new Tensor[] {x}, null)[0].shape());
        OpRules.check(chain, new Tensor[] {x}, new boolean[] {true}, 63);
    }
}
