package io.brink.model.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses a graph's element-wise chains for evaluation: every maximal run of two or more element-wise ops, each feeding
 * only the next, each a function of one window-dependent value (an {@link ElementwiseOp}, or a {@link BinaryOp} whose
 * other operand is a constant), becomes one {@link ElementwiseChainOp} — one pass over the elements per rule instead of
 * one per op, and no intermediate tensors. The values inside a chain are then never computed; the chain's last value
 * keeps its id. {@code -Dbrink.graph.fuse=false} evaluates the ops one by one (for comparisons).
 */
public final class ElementwiseChains {

    private ElementwiseChains() {
    }

    /** Whether fusion is on (the default). */
    public static boolean enabled() {
        return !"false".equals(System.getProperty("brink.graph.fuse"));
    }

    /** The graph's nodes with its element-wise chains fused (the nodes unchanged where fusion is off or finds none). */
    public static List<Graph.Node> fuse(Graph g) {
        if (!enabled()) {
            return g.nodes();
        }
        boolean[] variable = g.variable();
        List<Graph.Node> nodes = g.nodes();
        int[] uses = new int[g.values()];
        Map<Integer, Integer> consumer = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            for (int id : nodes.get(k).inputs()) {
                if (id >= 0) {
                    uses[id]++;
                    consumer.put(id, k);
                }
            }
        }
        uses[g.output()]++;
        boolean[] absorbed = new boolean[nodes.size()];
        Map<Integer, Graph.Node> chainEndingAt = new HashMap<>();
        for (int k = 0; k < nodes.size(); k++) {
            if (absorbed[k]) {
                continue;
            }
            Graph.Node first = nodes.get(k);
            int x = variableInput(first, variable, g);
            if (x < 0) {
                continue;
            }
            List<ElementwiseChainOp.Link> links = new ArrayList<>();
            links.add(link(first, x, g));
            int last = k;
            int value = first.outputs()[0];
            while (uses[value] == 1 && consumer.containsKey(value)) {
                int next = consumer.get(value);
                Graph.Node n = nodes.get(next);
                if (variableInput(n, variable, g) != value) {
                    break;
                }
                links.add(link(n, value, g));
                absorbed[next] = true;
                last = next;
                value = n.outputs()[0];
            }
            if (links.size() >= 2) {
                String name = first.name() + "…" + nodes.get(last).name();
                chainEndingAt.put(last, new Graph.Node(name, new ElementwiseChainOp(links), new int[] {x}, new int[] {value}));
                absorbed[k] = true;
            }
        }
        List<Graph.Node> out = new ArrayList<>(nodes.size());
        for (int k = 0; k < nodes.size(); k++) {
            Graph.Node chain = chainEndingAt.get(k);
            if (chain != null) {
                out.add(chain);
            } else if (!absorbed[k]) {
                out.add(nodes.get(k));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The value id through which node {@code n} is an element-wise link (its one window-dependent input), or −1 when it
     * is not one.
     */
    private static int variableInput(Graph.Node n, boolean[] variable, Graph g) {
        if (n.outputs().length != 1 || n.outputs()[0] < 0) {
            return -1;
        }
        int[] in = n.inputs();
        if (n.op() instanceof ElementwiseOp) {
            return in.length == 1 && in[0] >= 0 && variable[in[0]] ? in[0] : -1;
        }
        if (n.op() instanceof BinaryOp && in.length == 2 && in[0] >= 0 && in[1] >= 0) {
            for (int side = 0; side < 2; side++) {
                int other = in[1 - side];
                if (variable[in[side]] && n.op().differentiable(side) && !variable[other] && g.constants().containsKey(other)) {
                    return in[side];
                }
            }
        }
        return -1;
    }

    private static ElementwiseChainOp.Link link(Graph.Node n, int x, Graph g) {
        if (n.op() instanceof ElementwiseOp) {
            return new ElementwiseChainOp.Link(n.op(), null, false);
        }
        boolean constantFirst = n.inputs()[1] == x;
        return new ElementwiseChainOp.Link(n.op(), g.constants().get(n.inputs()[constantFirst ? 0 : 1]), constantFirst);
    }
}
