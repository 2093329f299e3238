package io.brink.model.graph;

/**
 * ONNX Slice (opset ≥ 10): inputs data, starts, ends, optional axes and steps; starts and ends clamped as the
 * specification says, negative values counted from the end.
 */
public final class SliceOp extends GatherMapOp {

    @Override
    public String type() {
        return "Slice";
    }

    @Override
    protected Moves moves(Tensor[] in) {
        int[] xs = in[0].shape();
        int rank = xs.length;
        long[] starts = longs(in[1]);
        long[] ends = longs(in[2]);
        int[] axes = new int[starts.length];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = in.length > 3 && in[3] != null ? Tensor.axis((int) in[3].data()[i], rank) : i;
        }
        long[] steps = new long[starts.length];
        java.util.Arrays.fill(steps, 1);
        if (in.length > 4 && in[4] != null) {
            steps = longs(in[4]);
        }
        int[] first = new int[rank];
        int[] step = new int[rank];
        int[] out = xs.clone();
        java.util.Arrays.fill(step, 1);
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i];
            long dim = xs[a];
            long s = starts[i];
            long e = ends[i];
            long st = steps[i];
            if (st == 0) {
                throw new IllegalArgumentException("Slice step 0");
            }
            s = s < 0 ? s + dim : s;
            e = e < 0 ? e + dim : e;
            if (st > 0) {
                s = Math.max(0, Math.min(dim, s));
                e = Math.max(0, Math.min(dim, e));
                out[a] = (int) Math.max(0, (e - s + st - 1) / st);
            } else {
                s = Math.max(-1, Math.min(dim - 1, s));
                e = Math.max(-1, Math.min(dim - 1, e));
                out[a] = (int) Math.max(0, (s - e + (-st) - 1) / (-st));
            }
            first[a] = (int) s;
            step[a] = (int) st;
        }
        int[] xst = Tensor.strides(xs);
        return new Moves(out, map(out, idx -> {
            int o = 0;
            for (int i = 0; i < rank; i++) {
                o += (first[i] + idx[i] * step[i]) * xst[i];
            }
            return o;
        }));
    }

    private static long[] longs(Tensor t) {
        double[] d = t.data();
        long[] r = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = d[i] >= 9.2e18 ? Long.MAX_VALUE : d[i] <= -9.2e18 ? Long.MIN_VALUE / 2 : (long) d[i];
        }
        return r;
    }
}
