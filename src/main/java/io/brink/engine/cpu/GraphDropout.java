package io.brink.engine.cpu;

import io.brink.engine.device.DropoutMasks;
import io.brink.model.graph.Graph;
import io.brink.model.graph.GraphRun;
import io.brink.model.graph.Op;
import io.brink.model.graph.RecurrentNode;
import io.brink.model.graph.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * MC dropout on a graph: inverted dropout on the units of the recurrent ops' outputs — layer l is the l-th recurrent op
 * in the graph, its units at a step the dirs·H values of Y — and the same units of Y_h (masked as at the step that gave
 * them, so a head reading Y_h sees what one reading Y's last step sees). Row r's masks come from its own stream
 * ({@link DropoutMasks}, seeded as the fused path seeds them), so they do not depend on the batch.
 */
final class GraphDropout implements GraphRun.OutputHook {

    private final Map<Op, Integer> layerOf = new IdentityHashMap<>();
    private final Dropout dropout;
    private final long[] rowSeeds;
    private final int steps;

    /** Dropout over the windows [from, from + n) of a batch. */
    GraphDropout(Graph graph, Dropout dropout, int from, int n, int steps) {
        int l = 0;
        for (RecurrentNode r : graph.recurrentNodes()) {
            layerOf.put(r, l++);
        }
        this.dropout = dropout;
        this.rowSeeds = dropout.rowSeeds(from, n);
        this.steps = steps;
    }

    @Override
    public Tensor[] outputs(int node, Op op, Tensor[] out) {
        Integer layer = layerOf.get(op);
        if (layer == null || !dropout.drops(layer)) {
            return out;
        }
        RecurrentNode r = (RecurrentNode) op;
        int dirs = r.directions();
        int h = r.hidden();
        int rows = rowSeeds.length;
        int units = dirs * h;
        double rate = dropout.rate();
        double keep = 1 - rate;
        byte[] mask = DropoutMasks.layer(rowSeeds, layer, steps, units, rate);
        Tensor[] dropped = out.clone();
        double[] y = out[0].data().clone();
        double[] yh = out[1].data().clone();
        for (int t = 0; t < steps; t++) {
            for (int d = 0; d < dirs; d++) {
                for (int row = 0; row < rows; row++) {
                    int base = r.layout() == 0 ? ((t * dirs + d) * rows + row) * h : ((row * steps + t) * dirs + d) * h;
                    int m = (t * rows + row) * units + d * h;
                    for (int k = 0; k < h; k++) {
                        y[base + k] = mask[m + k] != 0 ? y[base + k] / keep : 0;
                    }
                }
            }
        }
        for (int d = 0; d < dirs; d++) {
            int last = r.reversed(d) ? 0 : steps - 1;
            for (int row = 0; row < rows; row++) {
                int base = r.layout() == 0 ? (d * rows + row) * h : (row * dirs + d) * h;
                int m = (last * rows + row) * units + d * h;
                for (int k = 0; k < h; k++) {
                    yh[base + k] = mask[m + k] != 0 ? yh[base + k] / keep : 0;
                }
            }
        }
        dropped[0] = new Tensor(out[0].shape(), y);
        dropped[1] = new Tensor(out[1].shape(), yh);
        return dropped;
    }
}
