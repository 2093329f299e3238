package io.brink.engine.cpu;

import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matrix products through ND4J (OpenBLAS on CPU, cuBLAS with the CUDA backend) on Java arrays: the
 * left operand is copied into a reused ND4J buffer, multiplied by a prepared weight matrix and the
 * result copied back. Time inside the products and in the copies is counted separately (two clock reads
 * per product, each product taking tens of microseconds or more). One instance per worker thread; not thread-safe.
 *
 * <p>Off-heap memory stays bounded: one staging buffer per operand width and role (left operand or result), as
 * many rows as the largest product so far; a product of fewer rows runs on an alias of its first rows (same
 * memory, another shape), so batches of every size share it. {@link #close} releases every buffer and weight
 * matrix at once rather than waiting for the garbage collector, so that an engine closed after a model reload
 * gives its memory back.
 */
final class Gemm implements AutoCloseable {

    /**
     * Bytes of ND4J buffers held by all instances in this process, counted here where they are allocated and
     * released (ND4J's CPU buffers are allocated by its native library, outside JavaCPP's own accounting).
     */
    private static final java.util.concurrent.atomic.AtomicLong HELD = new java.util.concurrent.atomic.AtomicLong();

    /** A constant right-hand matrix [k × n] held by ND4J in the engine's precision. */
    record Matrix(INDArray array, int rows, int cols) {
    }

    /** The staging buffer of one operand width and role, and its row aliases. */
    private final class Staging {
        final int cols;
        INDArray base;
        int capacity;
        FloatBuffer floats;
        DoubleBuffer doubles;
        float[] scratch;
        double[] sum;
        final Map<Integer, INDArray> aliases = new HashMap<>();

        Staging(int cols) {
            this.cols = cols;
        }

        /** The first {@code rows} rows as a [rows × cols] array, growing the buffer (by half at least) when needed. */
        INDArray rows(int rows) {
            if (rows > capacity) {
                if (base != null) {
                    release(base);
                }
                capacity = Math.max(rows, capacity + capacity / 2);
                base = Nd4j.create(dataType(), capacity, cols);
                HELD.addAndGet(bytes(base));
                aliases.clear();
                if (precision == Precision.FLOAT32) {
                    floats = base.data().asNioFloat();
                    scratch = new float[capacity * cols];
                } else {
                    doubles = base.data().asNioDouble();
                    sum = new double[capacity * cols];
                }
            }
            return rows == capacity ? base : aliases.computeIfAbsent(rows,
                    r -> Nd4j.create(base.data(), new long[] {r, cols}, new long[] {cols, 1}, 0, 'c'));
        }
    }

    private final Precision precision;
    private final Map<Long, Staging> staging = new HashMap<>();
    private final List<INDArray> matrices = new ArrayList<>();
    private long flops;
    private long productNanos;
    private long copyNanos;

    Gemm(Precision precision) {
        this.precision = precision;
    }

    /** Builds a [rows × cols] matrix from row-major values, transposing them first if asked. */
    Matrix matrix(double[] rowMajor, int rows, int cols, boolean transpose) {
        int r = transpose ? cols : rows;
        int c = transpose ? rows : cols;
        double[] data = rowMajor;
        if (transpose) {
            data = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    data[j * rows + i] = rowMajor[i * cols + j];
                }
            }
        }
        INDArray created = Nd4j.create(data, new long[] {r, c}, 'c');
        INDArray array = created.castTo(dataType());
        if (array != created && created.closeable()) {
            created.close();
        }
        HELD.addAndGet(bytes(array));
        matrices.add(array);
        return new Matrix(array, r, c);
    }

    /**
     * c[cOff ..] (m × n) = a[aOff ..] (m × k) · b, or {@code +=} when {@code accumulate}.
     */
    void multiply(double[] a, int aOff, int m, Matrix b, double[] c, int cOff, boolean accumulate) {
        int k = b.rows();
        int n = b.cols();
        Staging left = stage(k, 0);
        Staging out = stage(n, 1);
        INDArray leftRows = left.rows(m);
        INDArray outRows = out.rows(m);
        long t0 = System.nanoTime();
        copyIn(a, aOff, m * k, left);
        long t1 = System.nanoTime();
        Nd4j.gemm(leftRows, b.array(), outRows, false, false, 1.0, 0.0);
        long t2 = System.nanoTime();
        copyOut(out, c, cOff, m * n, accumulate);
        long t3 = System.nanoTime();
        flops += 2L * m * k * n;
        productNanos += t2 - t1;
        copyNanos += (t1 - t0) + (t3 - t2);
    }

    private DataType dataType() {
        return precision == Precision.FLOAT32 ? DataType.FLOAT : DataType.DOUBLE;
    }

    /** Matrix-product work so far (cumulative). */
    GemmWork work() {
        return new GemmWork(flops, productNanos, copyNanos);
    }

    private Staging stage(int cols, int role) {
        return staging.computeIfAbsent(((long) cols << 1) | role, x -> new Staging(cols));
    }

    /** Off-heap values (not bytes) this instance holds now in staging buffers. */
    long stagedValues() {
        long v = 0;
        for (Staging s : staging.values()) {
            v += (long) s.capacity * s.cols;
        }
        return v;
    }

    /** Off-heap buffers this instance holds now: staging buffers and weight matrices. */
    int buffers() {
        return staging.size() + matrices.size();
    }

    private static long bytes(INDArray a) {
        return a.length() * a.dataType().width();
    }

    /** Releases a buffer this class allocated and counted. */
    private static void release(INDArray a) {
        HELD.addAndGet(-bytes(a));
        if (a.closeable()) {
            a.close();
        }
    }

    /** Bytes of ND4J buffers (staging buffers and weight matrices) all engines of this process hold now. */
    static long heldBytes() {
        return HELD.get();
    }

    @Override
    public void close() {
        staging.values().forEach(s -> {
            if (s.base != null) {
                release(s.base);
            }
        });
        staging.clear();
        matrices.forEach(Gemm::release);
        matrices.clear();
    }

    private static void copyIn(double[] src, int off, int len, Staging s) {
        if (s.doubles != null) {
            s.doubles.put(0, src, off, len);
            return;
        }
        float[] f = s.scratch;
        for (int i = 0; i < len; i++) {
            f[i] = (float) src[off + i];
        }
        s.floats.put(0, f, 0, len);
    }

    private static void copyOut(Staging s, double[] dst, int off, int len, boolean accumulate) {
        if (s.doubles != null) {
            if (!accumulate) {
                s.doubles.get(0, dst, off, len);
                return;
            }
            double[] tmp = s.sum;
            s.doubles.get(0, tmp, 0, len);
            for (int i = 0; i < len; i++) {
                dst[off + i] += tmp[i];
            }
            return;
        }
        float[] f = s.scratch;
        s.floats.get(0, f, 0, len);
        if (accumulate) {
            for (int i = 0; i < len; i++) {
                dst[off + i] += f[i];
            }
        } else {
            for (int i = 0; i < len; i++) {
                dst[off + i] = f[i];
            }
        }
    }
}
