package io.brink.engine.device;

/**
 * A batched, twice-differentiable classifier loaded onto one device (one CPU worker thread, one GPU),
 * with the vector algebra that the engine's algorithms run on it. The algorithms (Lanczos, Hutchinson,
 * the attack, random directions) see only this interface: windows, caches, gradients and Krylov vectors
 * stay in the device's {@link Block}s; per-window scalars (dot products, norms, outputs) come back to the
 * host, and whole vectors only when a result needs them ({@link #download}).
 *
 * <p>Row selections are index arrays: {@code rows[i]} names the i-th row an operation touches, and every
 * per-row result is returned in that order. Not thread-safe: one device per worker thread.
 */
public interface Device extends AutoCloseable {

    /** Features per step d; a vector of a window of length T has T·d values. */
    int features();

    /**
     * Outputs per forward row: the classifier's decision logits (of one network z; of an ensemble ℓ = log p̄, whose
     * softmax is the ensemble's mean probability p̄).
     */
    int outputs();

    /** Networks behind the outputs: 1, or an ensemble's members. */
    int members();

    /** The precision the device computes in. */
    Precision precision();

    /** A new tape with its own forward cache; a tape holds large buffers, so keep and reuse it. */
    Tape tape();

    /** {@code rows} vectors of {@code width} values copied from {@code values}, starting at vector {@code firstRow}. */
    Block upload(double[] values, int firstRow, int rows, int width);

    /** {@code rows} zero vectors of {@code width} values. */
    Block zeros(int rows, int width);

    /** Row {@code row} of {@code block} on the host. */
    double[] download(Block block, int row);

    /**
     * The first {@code rows} rows of {@code block} on the host, row by row. A device may fetch them in one transfer (a
     * GPU does: one copy instead of one per row); by default one {@link #download} per row.
     */
    default double[][] downloadRows(Block block, int rows) {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = download(block, r);
        }
        return out;
    }

    /** Per row i: a[ra[i]] · b[rb[i]], summed in index order. */
    double[] dot(Block a, int[] ra, Block b, int[] rb);

    /** Per row i: ‖a[rows[i]]‖₂ (the square root of the row's dot product with itself). */
    double[] norm(Block a, int[] rows);

    /** Per row i: y[ry[i]] ← y[ry[i]] + alpha[i]·x[rx[i]]. */
    void axpy(double[] alpha, Block x, int[] rx, Block y, int[] ry);

    /** Per row i: x[rows[i]] ← factor[i]·x[rows[i]]. */
    void scale(Block x, int[] rows, double[] factor);

    /** Per row i: x[rows[i]] ← x[rows[i]] / divisor[i] (a division, not a multiplication by the reciprocal). */
    void divide(Block x, int[] rows, double[] divisor);

    /** Per row i: dst[dstRows[i]] ← src[srcRows[i]]. */
    void copy(Block src, int[] srcRows, Block dst, int[] dstRows);

    /**
     * A new block whose row i is x[xRows[i]] + scale[i]·d[dRows[i]]: windows moved along directions (perturbed points,
     * attack iterates, finite-difference points). A device may do this in one pass; by default a copy and an axpy.
     */
    default Block shifted(Block x, int[] xRows, Block d, int[] dRows, double[] scale) {
        Block out = zeros(xRows.length, x.width());
        int[] all = range(xRows.length);
        copy(x, xRows, out, all);
        axpy(scale, d, dRows, out, all);
        return out;
    }

    /** Matrix-product work done on this device so far (cumulative). */
    GemmWork work();

    @Override
    void close();

    /** The index array 0, 1, …, n − 1. */
    static int[] range(int n) {
        return range(0, n);
    }

    /** The index array from, from + 1, …, from + n − 1. */
    static int[] range(int from, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
