package io.brink.engine.device;

/**
 * A handle to {@code rows} vectors of one device's input space, each of {@code width} = T·d values (T the
 * window length, d the features per step) in
 * batch-first order (value (t, k) of a row at t·d + k): windows, gradients, Krylov vectors, probes,
 * perturbations. The values live where the device computes (Java arrays on the CPU, device memory on a
 * GPU); they reach the host only through {@link Device#download}. A block belongs to the device that
 * made it and is released by {@link #close()} (a no-op on the CPU).
 */
public interface Block extends AutoCloseable {

    /** Number of vectors. */
    int rows();

    /** Values per vector, T·d. */
    int width();

    /** The window length T of these vectors for {@code features} values per step; refuses a width that is not T·d. */
    default int steps(int features) {
        if (width() % features != 0) {
            throw new IllegalArgumentException("a vector of " + width() + " values is no window of " + features + " features per step");
        }
        return width() / features;
    }

    @Override
    void close();
}
