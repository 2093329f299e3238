package io.brink.model.graph;

import java.util.Arrays;

/**
 * A dense row-major tensor of doubles: its shape (ONNX's, batch axis included where the value has one) and its values.
 * Values are shared, not copied, by the methods that say so; a graph's ops never write their inputs.
 */
public final class Tensor {

    private final int[] shape;
    private final double[] data;

    /** A tensor of {@code shape} over {@code data} (not copied), which must hold exactly the shape's element count. */
    public Tensor(int[] shape, double[] data) {
        this.shape = shape.clone();
        long n = size(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " holds " + n + " values, got "
                    + data.length);
        }
        this.data = data;
    }

    /** Zeros of {@code shape}. */
    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new double[checkedSize(shape)]);
    }

    /** A scalar (rank 0). */
    public static Tensor scalar(double v) {
        return new Tensor(new int[0], new double[] {v});
    }

    /** A vector of {@code values} (not copied). */
    public static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** The values, row-major (shared, not copied). */
    public double[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** The same values under another shape of the same element count (shared). */
    public Tensor reshaped(int... newShape) {
        return new Tensor(newShape, data);
    }

    /** A copy with its own values. */
    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    /** Element count of a shape. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("a dimension cannot be negative: " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    static int checkedSize(int[] shape) {
        long n = size(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** An axis in [−rank, rank) as an index in [0, rank). */
    static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is outside a tensor of rank " + rank);
        }
        return a;
    }

    /** The numpy broadcast of two shapes. */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of {@code out} (row-major), the index of the element of a tensor of shape {@code in} that
     * broadcasts to it.
     */
    static int[] broadcastIndex(int[] in, int[] out) {
        int n = checkedSize(out);
        int[] idx = new int[n];
        int rank = out.length;
        int[] inStrides = strides(in);
        int[] eff = new int[rank];
        for (int i = 0; i < rank; i++) {
            int j = i - (rank - in.length);
            eff[i] = j < 0 || in[j] == 1 ? 0 : inStrides[j];
        }
        int[] counter = new int[rank];
        int pos = 0;
        for (int k = 0; k < n; k++) {
            idx[k] = pos;
            for (int i = rank - 1; i >= 0; i--) {
                counter[i]++;
                pos += eff[i];
                if (counter[i] < out[i]) {
                    break;
                }
                pos -= eff[i] * counter[i];
                counter[i] = 0;
            }
        }
        return idx;
    }

    /** Sums {@code values} (shape {@code out}) into a tensor of shape {@code in} that broadcasts to it: the broadcast's transpose. */
    static Tensor unbroadcast(double[] values, int[] in, int[] out) {
        return unbroadcast(values, in, out, Out.FRESH, 0);
    }

    /** {@link #unbroadcast(double[], int[], int[])} into array {@code index} of {@code buffers}; {@code values} itself where the shapes agree. */
    static Tensor unbroadcast(double[] values, int[] in, int[] out, Out buffers, int index) {
        if (Arrays.equals(in, out)) {
            return new Tensor(in, values);
        }
        double[] acc = buffers.zeroed(index, checkedSize(in));
        int[] idx = broadcastIndex(in, out);
        for (int k = 0; k < idx.length; k++) {
            acc[idx[k]] += values[k];
        }
        return new Tensor(in, acc);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
