package io.brink.model.graph;

import io.brink.model.RecurrentLayer;

/** Where a graph's fused recurrent cells run: the device evaluating the graph makes one {@link Cell} per layer and evaluation. */
public interface CellFactory {

    Cell cell(RecurrentLayer layer);

    /**
     * One unidirectional recurrent layer's four passes over time-major sequences (T × rows × width), zero initial
     * state. The cell keeps the caches of its last forward and its last reverse; the tangent passes follow them on
     * the same rows.
     */
    interface Cell {

        /** h (T × rows × hidden) of x (T × rows × in). */
        double[] forward(double[] x, int steps, int rows);

        /** ḣ along ẋ at the last forward's rows. */
        double[] tangent(double[] xdot);

        /** x̄ from h̄ (the adjoint of every step's h); kept for {@link #tangentReverse}. */
        double[] reverse(double[] hbar);

        /** x̄̇ from h̄̇, after {@link #tangent} and {@link #reverse}. */
        double[] tangentReverse(double[] hbarDot);
    }
}
