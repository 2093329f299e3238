package io.brink.model.bounds;

import io.brink.model.RecurrentLayer;
import io.brink.model.graph.CellFactory;

/**
 * Fused recurrent cells computed by {@link ReferenceForward#layer} (plain float64 loops, independent of the engine's kernels
 * and of {@link Unrolled}), forward only: a graph run on them is the soundness tests' reference forward.
 */
final class ReferenceCells implements CellFactory {

    @Override
    public Cell cell(RecurrentLayer layer) {
        return new Cell() {
            @Override
            public double[] forward(double[] x, int steps, int rows) {
                int in = layer.inputSize(), H = layer.hiddenSize();
                double[] out = new double[steps * rows * H];
                for (int row = 0; row < rows; row++) {
                    double[][] seq = new double[steps][in];
                    for (int t = 0; t < steps; t++) {
                        System.arraycopy(x, (t * rows + row) * in, seq[t], 0, in);
                    }
                    double[][] h = ReferenceForward.layer(layer, seq);
                    for (int t = 0; t < steps; t++) {
                        System.arraycopy(h[t], 0, out, (t * rows + row) * H, H);
                    }
                }
                return out;
            }

            @Override
            public double[] tangent(double[] xdot) {
                throw new UnsupportedOperationException("forward only");
            }

            @Override
            public double[] reverse(double[] hbar) {
                throw new UnsupportedOperationException("forward only");
            }

            @Override
            public double[] tangentReverse(double[] hbarDot) {
                throw new UnsupportedOperationException("forward only");
            }
        };
    }
}
