package io.brink.bench;

import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.DenseLayer;
import io.brink.model.RecurrentLayer;
import io.brink.model.SequenceClassifier;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The benchmark's reference model: a 2-layer LSTM (d=4, hidden 64) on windows of T=64 steps with a
 * linear head to L=3 classes, weights drawn like PyTorch's default initialization, U(−1/√H, 1/√H),
 * from a fixed seed. The same shape as the PyTorch peer benchmark.
 */
public final class ReferenceModel {

    public static final int FEATURES = 4;
    public static final int HIDDEN = 64;
    public static final int STEPS = 64;
    public static final int CLASSES = 3;
    public static final int LAYERS = 2;

    private ReferenceModel() {
    }

    public static SequenceClassifier create(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double bound = 1 / Math.sqrt(HIDDEN);
        int g = 4 * HIDDEN;
        RecurrentLayer l1 = new RecurrentLayer(CellType.LSTM, FEATURES, HIDDEN, uniform(rnd, g * FEATURES, bound),
                uniform(rnd, g * HIDDEN, bound), uniform(rnd, g, bound), uniform(rnd, g, bound));
        RecurrentLayer l2 = new RecurrentLayer(CellType.LSTM, HIDDEN, HIDDEN, uniform(rnd, g * HIDDEN, bound),
                uniform(rnd, g * HIDDEN, bound), uniform(rnd, g, bound), uniform(rnd, g, bound));
        DenseLayer fc = new DenseLayer(HIDDEN, CLASSES, uniform(rnd, CLASSES * HIDDEN, bound), uniform(rnd, CLASSES, bound),
                Activation.IDENTITY);
        return new SequenceClassifier(List.of(l1, l2), List.of(fc));
    }

    /** Standard normal windows, batch-first (count × STEPS × FEATURES). */
    public static double[] windows(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[count * STEPS * FEATURES];
        for (int i = 0; i < x.length; i++) {
            double u1 = rnd.nextDouble();
            double u2 = rnd.nextDouble();
            x[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
        return x;
    }

    private static double[] uniform(SplittableRandom rnd, int n, double bound) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (rnd.nextDouble() * 2 - 1) * bound;
        }
        return v;
    }
}
