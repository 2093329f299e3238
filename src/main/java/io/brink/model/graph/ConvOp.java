package io.brink.model.graph;

/**
 * ONNX Conv over one spatial axis (x [N, C, L], weight [M, C/group, K]) with pads, strides, dilations and groups,
 * without its bias (the importer adds it as an Add): y[n, m, o] = Σ_{c, k} w[m, c, k] · x[n, g·C/group + c, o·s + k·d − p₀]
 * for m in group g. Linear in x (the weight is a parameter): the transpose scatters ȳ back through the same taps.
 */
public final class ConvOp extends LinearOp {

    private final int padBegin;
    private final int padEnd;
    private final int stride;
    private final int dilation;
    private final int group;

    public ConvOp(int padBegin, int padEnd, int stride, int dilation, int group) {
        if (stride < 1 || dilation < 1 || group < 1 || padBegin < 0 || padEnd < 0) {
            throw new IllegalArgumentException("Conv needs positive strides, dilations and groups and non-negative pads");
        }
        this.padBegin = padBegin;
        this.padEnd = padEnd;
        this.stride = stride;
        this.dilation = dilation;
        this.group = group;
    }

    @Override
    public String type() {
        return "Conv";
    }

    @Override
    public boolean differentiable(int i) {
        return i == 0;
    }

    private int outLength(int length, int kernel) {
        return (length + padBegin + padEnd - dilation * (kernel - 1) - 1) / stride + 1;
    }

    private interface Tap {
        void at(int xIndex, int wIndex, int yIndex);
    }

    private void taps(int[] xs, int[] ws, Tap tap) {
        int batch = xs[0];
        int channels = xs[1];
        int length = xs[2];
        int filters = ws[0];
        int cg = ws[1];
        int kernel = ws[2];
        if (cg * group != channels || filters % group != 0) {
            throw new IllegalArgumentException("Conv weight " + java.util.Arrays.toString(ws) + " does not fit " + channels
                    + " channels in " + group + " groups");
        }
        int out = outLength(length, kernel);
        int perGroup = filters / group;
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < filters; m++) {
                int g = m / perGroup;
                for (int o = 0; o < out; o++) {
                    int yi = (n * filters + m) * out + o;
                    for (int c = 0; c < cg; c++) {
                        int xc = (n * channels + g * cg + c) * length;
                        int wc = (m * cg + c) * kernel;
                        for (int k = 0; k < kernel; k++) {
                            int pos = o * stride + k * dilation - padBegin;
                            if (pos >= 0 && pos < length) {
                                tap.at(xc + pos, wc + k, yi);
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    protected Tensor[] apply(Tensor[] in, Out buffers) {
        int[] xs = in[0].shape();
        int[] ws = in[1].shape();
        if (xs.length != 3 || ws.length != 3) {
            throw new IllegalArgumentException("Brink's Conv is one-dimensional: x [N, C, L] and weight [M, C/group, K], got "
                    + java.util.Arrays.toString(xs) + " and " + java.util.Arrays.toString(ws));
        }
        int[] out = {xs[0], ws[0], outLength(xs[2], ws[2])};
        double[] y = buffers.zeroed(0, Tensor.checkedSize(out));
        double[] x = in[0].data();
        double[] w = in[1].data();
        taps(xs, ws, (xi, wi, yi) -> y[yi] += w[wi] * x[xi]);
        return new Tensor[] {new Tensor(out, y)};
    }

    @Override
    protected Tensor[] transpose(Tensor[] in, Tensor[] outBar, Out buffers) {
        double[] xb = buffers.zeroed(0, in[0].size());
        double[] w = in[1].data();
        double[] yb = outBar[0].data();
        taps(in[0].shape(), in[1].shape(), (xi, wi, yi) -> xb[xi] += w[wi] * yb[yi]);
        Tensor[] r = new Tensor[in.length];
        r[0] = new Tensor(in[0].shape(), xb);
        return r;
    }
}
