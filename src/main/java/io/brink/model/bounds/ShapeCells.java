package io.brink.model.bounds;

import io.brink.model.RecurrentLayer;
import io.brink.model.graph.CellFactory;

/**
 * Fused recurrent cells that compute zeros of the right shape, forward only: {@link GraphUnroller} runs a graph once on
 * them for its values' shapes and its constants, never for a number that depends on the window.
 */
final class ShapeCells implements CellFactory {

    @Override
    public Cell cell(RecurrentLayer layer) {
        return new Cell() {
            @Override
            public double[] forward(double[] x, int steps, int rows) {
                return new double[steps * rows * layer.hiddenSize()];
            }

            @Override
            public double[] tangent(double[] xdot) {
                throw new UnsupportedOperationException("shapes only");
            }

            @Override
            public double[] reverse(double[] hbar) {
                throw new UnsupportedOperationException("shapes only");
            }

            @Override
            public double[] tangentReverse(double[] hbarDot) {
                throw new UnsupportedOperationException("shapes only");
            }
        };
    }
}
