package io.brink.window;

import io.brink.engine.WindowBatch;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Assembles windows of one length into an engine batch, in their order, with optional Lanczos start vectors. */
public final class WindowBatcher {

    private WindowBatcher() {
    }

    /** The batch of {@code windows} without start vectors. */
    public static WindowBatch batch(List<Window> windows) {
        return batch(windows, w -> Optional.empty());
    }

    /** The batch of {@code windows}, each with the start vector {@code start} gives it (e.g. its series' last eigenvector). */
    public static WindowBatch batch(List<Window> windows, Function<Window, Optional<double[]>> start) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one window");
        }
        int steps = windows.get(0).steps();
        int d = windows.get(0).features();
        double[] x = new double[windows.size() * steps * d];
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            if (w.steps() != steps || w.features() != d) {
                throw new IllegalArgumentException("windows of one batch must have one shape: " + steps + "×" + d + " and "
                        + w.steps() + "×" + w.features());
            }
            System.arraycopy(w.values(), 0, x, i * steps * d, steps * d);
        }
        return new WindowBatch(x, windows.size(), steps, d, windows.stream().map(start).toList());
    }
}
