package io.brink.engine.cpu;

import io.brink.engine.device.Precision;
import io.brink.model.CellType;
import io.brink.model.RecurrentLayer;
import io.brink.model.graph.OpRules;
import io.brink.model.graph.RecurrentOp;
import io.brink.model.graph.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fused recurrent op's four rules on the CPU kernels, for every cell, direction and layout: tangent and tangent
 * reverse against finite differences, reverse against the tangent, Hessian symmetry (both outputs Y and Y_h seeded).
 */
class RecurrentOpRulesTest {

    private static RecurrentLayer layer(CellType cell, int in, int hidden, Random r) {
        int g = cell.gates() * hidden;
        return new RecurrentLayer(cell, in, hidden, scaled(r, g * in), scaled(r, g * hidden), scaled(r, g), scaled(r, g));
    }

    private static double[] scaled(Random r, int n) {
        double[] d = OpRules.random(r, n);
        for (int i = 0; i < n; i++) {
            d[i] *= 0.6;
        }
        return d;
    }

    @ParameterizedTest
    @CsvSource({"LSTM,forward,0", "LSTM,reverse,1", "LSTM,bidirectional,0", "LSTM,bidirectional,1", "GRU,forward,1",
            "GRU,reverse,0", "GRU,bidirectional,0", "RNN_TANH,reverse,0", "RNN_TANH,bidirectional,1"})
    void rulesAgreeWithFiniteDifferences(CellType cell, String direction, int layout) {
        Random r = new Random(cell.ordinal() * 31L + direction.length() * 7L + layout);
        int in = 3;
        int hidden = 4;
        List<RecurrentLayer> layers = new ArrayList<>();
        layers.add(layer(cell, in, hidden, r));
        if (direction.equals("bidirectional")) {
            layers.add(layer(cell, in, hidden, r));
        }
        RecurrentOp op = new RecurrentOp(cell, layers, direction.equals("reverse"), layout);
        int steps = 5;
        int rows = 2;
        int[] shape = layout == 0 ? new int[] {steps, rows, in} : new int[] {rows, steps, in};
        Tensor x = new Tensor(shape, OpRules.random(r, steps * rows * in));
        try (Gemm gemm = new Gemm(Precision.FLOAT64)) {
            OpRules.check(op, new Tensor[] {x}, new boolean[] {true}, 5, new KernelCells(gemm));
        }
    }
}
