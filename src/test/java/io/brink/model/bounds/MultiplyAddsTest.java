package io.brink.model.bounds;

import io.brink.engine.RandomModels;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bound passes' work count that {@code brink bench --certify} reports: a pass's multiply-adds are a function of the
 * pass (the same pass twice counts the same), grow with the window's length as O(T²), and a certificate carries exactly
 * the multiply-adds its search made; the kernel's rate is a positive, finite figure.
 */
class MultiplyAddsTest {

    @Test
    void aCertificateCountsTheMultiplyAddsOfItsOwnPasses() {
        SequenceClassifier m = RandomModels.classifier(CellType.LSTM, 1, 2, 4, 3, Activation.TANH, 7);
        ClassifierBounds bounds = new ClassifierBounds(m);
        double[] x = RandomModels.gaussian(new Random(3), 6 * 2, 0.8);
        long start = bounds.multiplyAdds();
        bounds.margins(x, 0, 6, 0, new Ball(0.01, Norm.L2));
        long one = bounds.multiplyAdds() - start;
        bounds.margins(x, 0, 6, 0, new Ball(0.01, Norm.L2));
        assertTrue(one > 0, "a pass multiplies");
        assertEquals(2 * one, bounds.multiplyAdds() - start, "the same pass again counts the same");

        Certifier certifier = new Certifier(bounds, new Certifier.Settings(6, 0.05, 1));
        long before = bounds.multiplyAdds();
        Certificate c = certifier.certify(x, 0, 6, 0, Norm.L2, 0.01, OptionalDouble.empty(), 0, Double.NaN);
        assertEquals(bounds.multiplyAdds() - before, c.multiplyAdds(), "the certificate's count is its search's");
        assertTrue(c.multiplyAdds() >= (long) (c.passes() - 1) * one / 4, "each pass of the search counted: " + c);
    }

    @Test
    void aPassGrowsQuadraticallyWithTheWindow() {
        SequenceClassifier m = RandomModels.classifier(CellType.GRU, 1, 1, 4, 2, Activation.TANH, 9);
        long[] work = new long[2];
        int[] steps = {8, 16};
        for (int i = 0; i < 2; i++) {
            ClassifierBounds bounds = new ClassifierBounds(m);
            double[] x = new double[steps[i]];
            bounds.margins(x, 0, steps[i], 0, new Ball(1e-3, Norm.L2));
            work[i] = bounds.multiplyAdds();
        }
        double ratio = (double) work[1] / work[0];
        assertTrue(ratio > 3 && ratio < 5, "twice the steps, about four times the work (each step's gates go back through "
                + "every earlier step): " + ratio);
    }

    @Test
    void theKernelsRateIsMeasured() {
        double rate = KernelRate.multiplyAddsPerSecond(8, 16, 16, 0.05);
        assertTrue(rate > 1e6 && Double.isFinite(rate), "multiply-adds per second: " + rate);
        assertThrows(IllegalArgumentException.class, () -> KernelRate.multiplyAddsPerSecond(0, 16, 16, 0.05));
        assertThrows(IllegalArgumentException.class, () -> KernelRate.multiplyAddsPerSecond(8, 16, 16, 0));
    }
}
