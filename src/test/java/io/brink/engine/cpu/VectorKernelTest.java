package io.brink.engine.cpu;

import io.brink.engine.RandomModels;
import io.brink.engine.device.Precision;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.RecurrentLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API LSTM kernel against the scalar one, with hidden sizes that fill whole vectors and sizes that
 * leave a scalar tail: the forward agrees to rounding (vector exp and tanh), and from the same forward caches
 * the tangent passes are bit-identical (same operations in the same order). The surefire JVM runs with the
 * module, so the derivative tests exercise the vector kernel too.
 */
class VectorKernelTest {

    @Test
    void theTestJvmUsesTheVectorKernels() {
        assertTrue(VectorSupport.enabled(), VectorSupport.describe());
        RecurrentLayer layer = RandomModels.classifier(CellType.LSTM, 1, 3, 8, 3, Activation.IDENTITY, 1).recurrent().get(0);
        assertTrue(RecurrentKernel.create(layer, new Gemm(Precision.FLOAT64)) instanceof LstmVectorKernel);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 13, 3})
    void vectorAndScalarPassesAgree(int hidden) {
        int d = 3, T = 5, rows = 4, rt = 6;
        RecurrentLayer layer = RandomModels.classifier(CellType.LSTM, 1, d, hidden, 3, Activation.IDENTITY, hidden).recurrent().get(0);
        LstmKernel scalar = new LstmKernel(layer, new Gemm(Precision.FLOAT64));
        LstmKernel vector = new LstmVectorKernel(layer, new Gemm(Precision.FLOAT64));
        Random rnd = new Random(hidden);
        double[] x = RandomModels.gaussian(rnd, T * rows * d, 1.0);
        double[] hbar = RandomModels.gaussian(rnd, T * rows * hidden, 1.0);
        double[] xdot = RandomModels.gaussian(rnd, T * rt * d, 1.0);
        double[] hbarDot = RandomModels.gaussian(rnd, T * rt * hidden, 1.0);
        int[] map = {0, 1, 2, 3, 1, 0};
        scalar.forward(x, T, rows);
        vector.forward(x, T, rows);
        for (int i = 0; i < T * rows * hidden; i++) {
            assertEquals(scalar.h[i], vector.h[i], 1e-14, "forward hidden state (vector exp and tanh)");
            assertEquals(scalar.c[i], vector.c[i], 1e-14 * Math.max(1, Math.abs(scalar.c[i])), "forward cell state");
        }
        // From the same forward caches, the reverse and both tangent passes must agree bit for bit.
        vector.act = scalar.act.clone();
        vector.c = scalar.c.clone();
        vector.tc = scalar.tc.clone();
        vector.h = scalar.h.clone();
        double[][] out = new double[2][];
        double[][] hdot = new double[2][];
        double[][] adjoint = new double[2][];
        int v = 0;
        for (LstmKernel k : new LstmKernel[] {scalar, vector}) {
            double[] xbar = new double[T * rows * d];
            double[] xbarDot = new double[T * rt * d];
            k.backward(hbar, rows, null, true, xbar);
            adjoint[v] = xbar;
            k.tangentForward(xdot, rt, map);
            hdot[v] = Arrays.copyOf(k.hdot, T * rt * hidden);
            k.tangentBackward(hbarDot, rt, map, xbarDot);
            out[v++] = xbarDot;
        }
        assertArrayEquals(adjoint[0], adjoint[1], 0.0, "reverse");
        assertArrayEquals(hdot[0], hdot[1], 0.0, "tangent forward");
        assertArrayEquals(out[0], out[1], 0.0, "tangent reverse");
        assertTrue(Arrays.stream(out[0]).anyMatch(a -> a != 0), "the passes computed something");
    }
}
