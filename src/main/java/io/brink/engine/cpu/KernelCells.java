package io.brink.engine.cpu;

import io.brink.model.RecurrentLayer;
import io.brink.model.graph.CellFactory;

import java.util.Arrays;

/** A graph's fused recurrent cells on the CPU: each one of the {@link RecurrentKernel}s the fixed-shape path runs. */
final class KernelCells implements CellFactory {

    private final Gemm gemm;

    KernelCells(Gemm gemm) {
        this.gemm = gemm;
    }

    @Override
    public Cell cell(RecurrentLayer layer) {
        RecurrentKernel k = RecurrentKernel.create(layer, gemm);
        return new Cell() {
            private int steps;
            private int rows;

            @Override
            public double[] forward(double[] x, int steps, int rows) {
                this.steps = steps;
                this.rows = rows;
                k.forward(x, steps, rows);
                return Arrays.copyOf(k.h, steps * rows * k.hidden);
            }

            @Override
            public double[] tangent(double[] xdot) {
                k.tangentForward(xdot, rows, null);
                return Arrays.copyOf(k.hdot, steps * rows * k.hidden);
            }

            @Override
            public double[] reverse(double[] hbar) {
                double[] xbar = new double[steps * rows * k.in];
                k.backward(hbar, rows, null, true, xbar);
                return xbar;
            }

            @Override
            public double[] tangentReverse(double[] hbarDot) {
                double[] xbd = new double[steps * rows * k.in];
                k.tangentBackward(hbarDot, rows, null, xbd);
                return xbd;
            }
        };
    }
}
