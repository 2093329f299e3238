package io.brink.model.graph;

/**
 * An element-wise function y = f(x) of one differentiable input: ẏ = f′(x)ẋ, x̄ = f′(x)ȳ, x̄̇ = f′(x)ȳ̇ + f″(x)ẋȳ.
 * A subclass gives f, f′ and f″ (given x and y = f(x), whichever is cheaper).
 */
public abstract class ElementwiseOp implements Op {

    protected abstract double f(double x);

    protected abstract double d1(double x, double y);

    protected abstract double d2(double x, double y);

    @Override
    public Tensor[] forward(Tensor[] in, Slot slot) {
        double[] x = in[0].data();
        double[] y = Slot.out(slot, Slot.Pass.FORWARD).array(0, x.length);
        for (int k = 0; k < x.length; k++) {
            y[k] = f(x[k]);
        }
        return new Tensor[] {new Tensor(in[0].shape(), y)};
    }

    @Override
    public Tensor[] tangent(Tensor[] in, Tensor[] out, Tensor[] inDot, Slot slot) {
        if (inDot[0] == null) {
            return new Tensor[1];
        }
        double[] x = in[0].data();
        double[] y = out[0].data();
        double[] xd = inDot[0].data();
        double[] r = Slot.out(slot, Slot.Pass.TANGENT).array(0, x.length);
        for (int k = 0; k < x.length; k++) {
            r[k] = d1(x[k], y[k]) * xd[k];
        }
        return new Tensor[] {new Tensor(in[0].shape(), r)};
    }

    @Override
    public Tensor[] reverse(Tensor[] in, Tensor[] out, Tensor[] outBar, Slot slot) {
        if (outBar[0] == null) {
            return new Tensor[1];
        }
        double[] x = in[0].data();
        double[] y = out[0].data();
        double[] yb = outBar[0].data();
        double[] r = Slot.out(slot, Slot.Pass.REVERSE).array(0, x.length);
        for (int k = 0; k < x.length; k++) {
            r[k] = d1(x[k], y[k]) * yb[k];
        }
        return new Tensor[] {new Tensor(in[0].shape(), r)};
    }

    @Override
    public Tensor[] tangentReverse(Tensor[] in, Tensor[] out, Tensor[] inDot, Tensor[] outBar, Tensor[] outBarDot, Slot slot) {
        if (outBarDot[0] == null && (outBar[0] == null || inDot[0] == null)) {
            return new Tensor[1];
        }
        double[] x = in[0].data();
        double[] y = out[0].data();
        Out buffers = Slot.out(slot, Slot.Pass.TANGENT_REVERSE);
        double[] r = outBarDot[0] != null ? buffers.array(0, x.length) : buffers.zeroed(0, x.length);
        if (outBarDot[0] != null) {
            double[] ybd = outBarDot[0].data();
            for (int k = 0; k < x.length; k++) {
                r[k] = d1(x[k], y[k]) * ybd[k];
            }
        }
        if (outBar[0] != null && inDot[0] != null) {
            double[] yb = outBar[0].data();
            double[] xd = inDot[0].data();
            for (int k = 0; k < x.length; k++) {
                r[k] += d2(x[k], y[k]) * xd[k] * yb[k];
            }
        }
        return new Tensor[] {new Tensor(in[0].shape(), r)};
    }
}
