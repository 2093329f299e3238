package io.brink.engine;

import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.DenseLayer;
import io.brink.model.RecurrentLayer;
import io.brink.model.SequenceClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random small classifiers and windows for derivative tests. */
public final class RandomModels {

    private RandomModels() {
    }

    public static SequenceClassifier classifier(CellType cell, int layers, int d, int hidden, int classes,
                                         Activation headActivation, long seed) {
        Random rnd = new Random(seed);
        List<RecurrentLayer> rec = new ArrayList<>();
        int in = d;
        for (int l = 0; l < layers; l++) {
            int rows = cell.gates() * hidden;
            double scale = 1.2 / Math.sqrt(hidden);
            rec.add(new RecurrentLayer(cell, in, hidden, gaussian(rnd, rows * in, scale), gaussian(rnd, rows * hidden, scale),
                    gaussian(rnd, rows, 0.3), gaussian(rnd, rows, 0.3)));
            in = hidden;
        }
        List<DenseLayer> head = new ArrayList<>();
        if (headActivation != Activation.IDENTITY) {
            head.add(new DenseLayer(hidden, hidden, gaussian(rnd, hidden * hidden, 1.0 / Math.sqrt(hidden)),
                    gaussian(rnd, hidden, 0.2), headActivation));
        }
        head.add(new DenseLayer(hidden, classes, gaussian(rnd, hidden * classes, 1.5 / Math.sqrt(hidden)),
                gaussian(rnd, classes, 0.2), Activation.IDENTITY));
        return new SequenceClassifier(rec, head);
    }

    public static double[] gaussian(Random rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian() * scale;
        }
        return v;
    }
}
