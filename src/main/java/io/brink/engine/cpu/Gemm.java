package io.brink.engine.cpu;

import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matrix products through ND4J (OpenBLAS on CPU, cuBLAS with the CUDA backend) on Java arrays: the
 * left operand is copied into a reused ND4J buffer, multiplied by a prepared weight matrix and the
 * result copied back. Time inside the products and in the copies is counted separately (two clock reads
 * per product, each product taking tens of microseconds or more). One instance per worker thread; not thread-safe.
 *
 * <p>Off-heap memory stays bounded: at most {@link #MAX_STAGED} staging buffers are kept (one per product shape,
 * the least recently used released when another is needed), and {@link #close} releases every buffer and
 * weight matrix at once rather than waiting for the garbage collector, so that an engine closed after a
 * model reload gives its memory back.
 */
final class Gemm implements AutoCloseable {

    /** Staging buffers kept at most (each holds one operand shape: rows × cols values). */
    static final int MAX_STAGED = 24;

    /** A constant right-hand matrix [k × n] held by ND4J in the engine's precision. */
    record Matrix(INDArray array, int rows, int cols) {
    }

    private record Staging(INDArray array, FloatBuffer floats, DoubleBuffer doubles, float[] scratch, double[] sum) {
    }

    private final Precision precision;
    private final Map<Long, Staging> staging = new LinkedHashMap<>(16, 0.75f, true);
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
        if (array != created) {
            release(created);
        }
        matrices.add(array);
        return new Matrix(array, r, c);
    }

    /**
     * c[cOff ..] (m × n) = a[aOff ..] (m × k) · b, or {@code +=} when {@code accumulate}.
     */
    void multiply(double[] a, int aOff, int m, Matrix b, double[] c, int cOff, boolean accumulate) {
        int k = b.rows();
        int n = b.cols();
        Staging left = stage(m, k, 0);
        Staging out = stage(m, n, 1);
        long t0 = System.nanoTime();
        copyIn(a, aOff, m * k, left);
        long t1 = System.nanoTime();
        Nd4j.gemm(left.array, b.array(), out.array, false, false, 1.0, 0.0);
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

    private Staging stage(int rows, int cols, int role) {
        long key = ((long) rows << 32) | ((long) cols << 1) | role;
        Staging kept = staging.get(key);
        if (kept != null) {
            return kept;
        }
        if (staging.size() >= MAX_STAGED) {
            Iterator<Staging> eldest = staging.values().iterator();
            // access order puts the buffer just staged for this product's other operand last: it is never the one released
            Staging e = eldest.next();
            eldest.remove();
            release(e.array());
        }
        return staging.computeIfAbsent(key, x -> {
            INDArray array = Nd4j.create(dataType(), rows, cols);
            if (precision == Precision.FLOAT32) {
                return new Staging(array, array.data().asNioFloat(), null, new float[rows * cols], null);
            }
            return new Staging(array, null, array.data().asNioDouble(), null, new double[rows * cols]);
        });
    }

    /** Off-heap buffers this instance holds now: staging buffers and weight matrices. */
    int buffers() {
        return staging.size() + matrices.size();
    }

    private static void release(INDArray a) {
        if (a.closeable()) {
            a.close();
        }
    }

    @Override
    public void close() {
        staging.values().forEach(s -> release(s.array()));
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
