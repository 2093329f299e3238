package io.brink.model.bounds;

import java.util.Arrays;
import java.util.List;

/**
 * Backward linear bound propagation (CROWN, Zhang et al. 2018) over an {@link Unrolled} network for one window and
 * one ball of perturbations. Nodes are bounded in topological order: affine nodes that feed a nonlinearity get their
 * bounds from a backward pass of their own (rows I and −I), the others from interval arithmetic; each nonlinearity
 * then fixes its relaxation on its input's bounds (σ/tanh lines, ReLU lines, McCormick planes chosen at the nominal
 * point; a product with a σ or tanh factor gets planes in the factors' inputs, {@link ProductPlanes}, and passes its
 * coefficients to them directly). (A σ, tanh, ReLU or elementwise-affine node's interval is already the exact image of its input's, which a
 * backward pass cannot improve on.) A backward pass carries the objective's coefficients Λ from a node down to the input: through an affine
 * node exactly (Λ·W), through a relaxed node by the lower line or plane where a coefficient is ≥ 0 and the upper one
 * where it is &lt; 0; at the input the bound is c − r·‖A‖_* (the dual norm of the coefficients on δ).
 *
 * <p>A pass stops early where a row's remaining coefficients can only move its bound by a negligible amount
 * ({@link #CUT} of the row's bound scale): those coefficients are concretized against the node's interval, which is
 * sound and saves the long tail of a recurrence that has forgotten its early steps.
 *
 * <p>Rounding: every bound is moved outward by (fan-in + 16)·2⁻⁵² times the sum of the magnitudes that flowed into it
 * (|Λ|·max(|l|, |u|) at each node visited, the constants, r‖A‖_*), a bound of float64's accumulated error.
 *
 * <p>Why this class is long: the three things each node kind needs — its nominal value, its interval, its relaxation —
 * and the backward rule of each, side by side, so that a node kind's rules can be read (and checked) together.
 */
public final class Crown {

    /** How many times (per unit of radius ratio) a node's width may exceed the reference pass's before a pass is given up. */
    static final double GIVE_UP = 10;

    /** Relative size below which a row's remaining propagation is cut (concretized on the node's interval). */
    static final double CUT = 1e-9;

    private final Unrolled net;
    private final List<Unrolled.Node> nodes;
    private final boolean[] tight;
    private final double roundFactor;

    private double[] x;
    private int offset;
    private Ball ball;
    private double[][] lo;
    private double[][] hi;
    private double[][] nominal;
    /** Per node: max(|l|, |u|) and u − l of each value, for the backward pass's magnitude and cut tests. */
    private double[][] amp;
    private double[][] width;
    /** Per relaxed node: lower line (slope, intercept) and upper line, or a product's planes (a, b, c lower; a, b, c upper). */
    private double[][][] relax;
    /** Whether passes may be given up (tests compare with and without), and how many were. */
    boolean giveUp = true;
    long givenUp;
    /** Mean interval width of each bounded node in this pass, and in the reference pass (see {@link #margins}). */
    private final double[] meanWidth;
    private final double[] refWidth;
    /** The window (its values) of the reference pass, the class and norm it bounded, and its radius. */
    private double[] refWindow;
    private int refClass;
    private Norm refNorm;
    private double refRadius;
    /**
     * Per product node with a σ/tanh factor: the nodes its planes are taken in (a squashed factor's input, or the factor
     * itself) and each factor's function ({@link ProductPlanes}); null for the others (McCormick's planes in the factors).
     */
    private final int[] thruX;
    private final int[] thruY;
    private final ProductPlanes.Factor[] facX;
    private final ProductPlanes.Factor[] facY;
    private final ProductPlanes productPlanes = new ProductPlanes();
    /**
     * Whether products with a σ/tanh factor get planes in the squashed values' inputs; the system property
     * {@code brink.bounds.planes=composed} keeps McCormick's planes in the factors (for comparisons; tests set the field).
     */
    boolean directPlanes = !"composed".equals(System.getProperty("brink.bounds.planes"));
    /** Multiply-adds of the Λ·W products of every pass so far. */
    private long multiplyAdds;
    /** Coefficient rows given back by earlier nodes, by rows × columns: a pass reuses them instead of allocating its own. */
    private final java.util.Map<Long, java.util.ArrayDeque<double[][]>> pool = new java.util.HashMap<>();

    public Crown(Unrolled net) {
        this.net = net;
        this.nodes = net.nodes();
        this.tight = new boolean[nodes.size()];
        int fanIn = 0;
        for (Unrolled.Node n : nodes) {
            if (n instanceof Unrolled.Lined s) {
                tight[s.input()] = true;
            } else if (n instanceof Unrolled.Product p) {
                tight[p.x()] = true;
                tight[p.y()] = true;
            } else if (n instanceof Unrolled.Linear l) {
                int f = 0;
                for (int q : l.inputs()) {
                    f += nodes.get(q).size();
                }
                fanIn = Math.max(fanIn, f);
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) { // a Scale's interval is exact from its input's: tighten that input
            if (tight[i] && nodes.get(i) instanceof Unrolled.Scale s) {
                tight[s.input()] = true;
            }
        }
        this.roundFactor = (fanIn + 16) * 0x1p-52;
        this.thruX = new int[nodes.size()];
        this.thruY = new int[nodes.size()];
        this.facX = new ProductPlanes.Factor[nodes.size()];
        this.facY = new ProductPlanes.Factor[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof Unrolled.Product p && p.x() != p.y()) {
                ProductPlanes.Factor fx = factor(p.x()), fy = factor(p.y());
                if (fx != ProductPlanes.Factor.IDENTITY || fy != ProductPlanes.Factor.IDENTITY) {
                    facX[i] = fx;
                    facY[i] = fy;
                    thruX[i] = fx == ProductPlanes.Factor.IDENTITY ? p.x() : ((Unrolled.Squash) nodes.get(p.x())).input();
                    thruY[i] = fy == ProductPlanes.Factor.IDENTITY ? p.y() : ((Unrolled.Squash) nodes.get(p.y())).input();
                }
            }
        }
        this.meanWidth = new double[nodes.size()];
        this.refWidth = new double[nodes.size()];
    }

    /** A product factor's function: σ or tanh when the factor is such a node, else the value itself. */
    private ProductPlanes.Factor factor(int node) {
        return nodes.get(node) instanceof Unrolled.Squash s ? ProductPlanes.Factor.of(s.shape()) : ProductPlanes.Factor.IDENTITY;
    }

    /** Whether product node {@code n}'s planes are taken in its factors' inputs in this pass. */
    private boolean direct(int n) {
        return directPlanes && facX[n] != null;
    }

    /**
     * For each class j, a lower bound of z_k − z_j over x[offset ..] + δ, δ in {@code ball} (+∞ at j = k).
     */
    public double[] marginLower(double[] x, int offset, int k, Ball ball) {
        Margins m = margins(x, offset, k, ball);
        double[] lower = new double[m.constant().length];
        for (int j = 0; j < lower.length; j++) {
            lower[j] = m.lower(j, ball.radius());
        }
        return lower;
    }

    /**
     * The margins' linear bounds from one pass at the ball's radius, valid for every smaller radius too. A pass on the
     * window of the last pass that proved its whole radius, at a larger radius, is given up (bounds of −∞: nothing
     * proven) as soon as a bounded node's mean interval width exceeds {@link #GIVE_UP} times its width in that pass,
     * scaled by the ratio of the radii: past the threshold the bounds blow up over the steps and the pass would prove
     * nothing, and the later steps are the costly part of it.
     */
    public Margins margins(double[] x, int offset, int k, Ball ball) {
        int out = net.output(), L = nodes.get(out).size();
        int D = net.steps() * net.features();
        boolean guarded = refWindow != null && k == refClass && ball.norm() == refNorm && ball.radius() > refRadius
                && Arrays.equals(x, offset, offset + D, refWindow, 0, D);
        if (!prepare(x, offset, ball, guarded && giveUp ? GIVE_UP * ball.radius() / refRadius : Double.POSITIVE_INFINITY)) {
            givenUp++;
            double[] none = new double[L];
            Arrays.fill(none, Double.NEGATIVE_INFINITY);
            return new Margins(ball.radius(), k, none, new double[L], new double[L], roundFactor);
        }
        double[][] c = new double[L][L];
        for (int j = 0; j < L; j++) {
            c[j][k] += 1;
            c[j][j] -= 1;
        }
        double[][] forms = new double[3][];
        backward(out, c, forms);
        Margins m = new Margins(ball.radius(), k, forms[0], forms[1], forms[2], roundFactor);
        if (m.certifiedWithin() >= ball.radius() * (1 - 1e-6)) {
            refWindow = Arrays.copyOfRange(x, offset, offset + D);
            refClass = k;
            refNorm = ball.norm();
            refRadius = ball.radius();
            System.arraycopy(meanWidth, 0, refWidth, 0, meanWidth.length);
        }
        return m;
    }

    /**
     * Concrete bounds of every node over the ball, and the relaxations; false (given up) when a bounded node's mean width
     * exceeds {@code giveUp} times its width in the reference pass.
     */
    private boolean prepare(double[] x, int offset, Ball ball, double giveUp) {
        this.x = x;
        this.offset = offset;
        this.ball = ball;
        int n = nodes.size();
        lo = new double[n][];
        hi = new double[n][];
        nominal = new double[n][];
        relax = new double[n][][];
        amp = new double[n][];
        width = new double[n][];
        for (int i = 0; i < n; i++) {
            Unrolled.Node node = nodes.get(i);
            nominal[i] = forward(node);
            interval(i, node);
            spans(i);
            relax[i] = relaxation(i, node);
            if (!finite(lo[i]) || !finite(hi[i]) || (relax[i] != null && !finite(relax[i]))) {
                return false; // e^v past float64's range, 1/v over an interval reaching 0: nothing can be proven here
            }
            if (tight[i] && (node instanceof Unrolled.Linear || node instanceof Unrolled.Combine || node instanceof Unrolled.Product)) {
                int m = node.size();
                double[][] c = new double[2 * m][m];
                for (int q = 0; q < m; q++) {
                    c[q][q] = 1;
                    c[m + q][q] = -1;
                }
                double[] b = backward(i, c, null);
                for (int q = 0; q < m; q++) {
                    lo[i][q] = Math.max(lo[i][q], b[q]);
                    hi[i][q] = Math.min(hi[i][q], -b[m + q]);
                    if (lo[i][q] > hi[i][q]) { // only by rounding, within the slack: keep a sound point interval
                        double mid = 0.5 * (lo[i][q] + hi[i][q]);
                        lo[i][q] = mid;
                        hi[i][q] = mid;
                    }
                }
                double w = 0;
                for (int q = 0; q < m; q++) {
                    w += (hi[i][q] - lo[i][q]) / m;
                }
                meanWidth[i] = w;
                if (w > giveUp * refWidth[i] && refWidth[i] > 0) {
                    return false;
                }
                spans(i); // the tightened bounds
            }
        }
        return true;
    }

    private static boolean finite(double[] v) {
        for (double a : v) {
            if (!Double.isFinite(a)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(double[][] v) {
        for (double[] row : v) {
            if (!finite(row)) {
                return false;
            }
        }
        return true;
    }

    /** Node i's max(|l|, |u|) and u − l from its bounds now. */
    private void spans(int i) {
        int m = lo[i].length;
        amp[i] = new double[m];
        width[i] = new double[m];
        for (int q = 0; q < m; q++) {
            amp[i][q] = Math.max(Math.abs(lo[i][q]), Math.abs(hi[i][q]));
            width[i][q] = hi[i][q] - lo[i][q];
        }
    }

    /** The node's value at δ = 0. */
    private double[] forward(Unrolled.Node node) {
        int m = node.size();
        double[] v = new double[m];
        if (node instanceof Unrolled.Input in) {
            System.arraycopy(x, offset + in.t() * m, v, 0, m);
        } else if (node instanceof Unrolled.Linear l) {
            System.arraycopy(l.bias(), 0, v, 0, m);
            for (int q = 0; q < l.inputs().length; q++) {
                double[] w = l.weights()[q], a = nominal[l.inputs()[q]];
                int cols = a.length;
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int k = 0; k < cols; k++) {
                        s += w[i * cols + k] * a[k];
                    }
                    v[i] += s;
                }
            }
        } else if (node instanceof Unrolled.Scale s) {
            double[] a = nominal[s.input()];
            for (int i = 0; i < m; i++) {
                v[i] = s.scale()[i] * a[i] + s.shift()[i];
            }
        } else if (node instanceof Unrolled.Combine c) {
            double[] a = nominal[c.a()], b = nominal[c.b()];
            for (int i = 0; i < m; i++) {
                v[i] = c.sa() * a[i] + c.sb() * b[i];
            }
        } else if (node instanceof Unrolled.Squash s) {
            double[] a = nominal[s.input()];
            for (int i = 0; i < m; i++) {
                v[i] = s.shape().f(a[i]);
            }
        } else if (node instanceof Unrolled.Relu r) {
            double[] a = nominal[r.input()];
            for (int i = 0; i < m; i++) {
                v[i] = Math.max(0, a[i]);
            }
        } else if (node instanceof Unrolled.Curve c) {
            double[] a = nominal[c.input()];
            for (int i = 0; i < m; i++) {
                v[i] = c.shape().f(a[i]);
            }
        } else if (node instanceof Unrolled.Product p) {
            double[] a = nominal[p.x()], b = nominal[p.y()];
            for (int i = 0; i < m; i++) {
                v[i] = a[i] * b[i];
            }
        }
        return v;
    }

    /** Interval arithmetic's bounds of the node from its inputs' (moved outward by a few ulps). */
    private void interval(int i, Unrolled.Node node) {
        int m = node.size();
        double[] l = new double[m], u = new double[m];
        if (node instanceof Unrolled.Input in) {
            double r = ball.radius();
            for (int q = 0; q < m; q++) {
                l[q] = nominal[i][q] - r;
                u[q] = nominal[i][q] + r;
            }
        } else if (node instanceof Unrolled.Linear lin) {
            System.arraycopy(lin.bias(), 0, l, 0, m);
            System.arraycopy(lin.bias(), 0, u, 0, m);
            for (int q = 0; q < lin.inputs().length; q++) {
                double[] w = lin.weights()[q], al = lo[lin.inputs()[q]], au = hi[lin.inputs()[q]];
                int cols = al.length;
                for (int r = 0; r < m; r++) {
                    double sl = 0, su = 0;
                    for (int k = 0; k < cols; k++) {
                        double wk = w[r * cols + k];
                        sl += wk * (wk >= 0 ? al[k] : au[k]);
                        su += wk * (wk >= 0 ? au[k] : al[k]);
                    }
                    l[r] += sl;
                    u[r] += su;
                }
            }
        } else if (node instanceof Unrolled.Scale s) {
            for (int q = 0; q < m; q++) {
                double a = s.scale()[q] * lo[s.input()][q], b = s.scale()[q] * hi[s.input()][q];
                l[q] = Math.min(a, b) + s.shift()[q];
                u[q] = Math.max(a, b) + s.shift()[q];
            }
        } else if (node instanceof Unrolled.Combine c) {
            for (int q = 0; q < m; q++) {
                double a1 = c.sa() * lo[c.a()][q], a2 = c.sa() * hi[c.a()][q];
                double b1 = c.sb() * lo[c.b()][q], b2 = c.sb() * hi[c.b()][q];
                l[q] = Math.min(a1, a2) + Math.min(b1, b2);
                u[q] = Math.max(a1, a2) + Math.max(b1, b2);
            }
        } else if (node instanceof Unrolled.Squash s) {
            for (int q = 0; q < m; q++) {
                l[q] = s.shape().f(lo[s.input()][q]);
                u[q] = s.shape().f(hi[s.input()][q]);
            }
        } else if (node instanceof Unrolled.Relu r) {
            for (int q = 0; q < m; q++) {
                l[q] = Math.max(0, lo[r.input()][q]);
                u[q] = Math.max(0, hi[r.input()][q]);
            }
        } else if (node instanceof Unrolled.Curve c) {
            for (int q = 0; q < m; q++) {
                double a = lo[c.input()][q], b = hi[c.input()][q];
                if (c.shape().inDomain(a)) {
                    double[] r = c.shape().range(a, b);
                    l[q] = r[0];
                    u[q] = r[1];
                } else { // 1/v over an interval reaching 0, √v below 0: unbounded, the pass is given up
                    l[q] = Double.NEGATIVE_INFINITY;
                    u[q] = Double.POSITIVE_INFINITY;
                }
            }
        } else if (node instanceof Unrolled.Product p) {
            for (int q = 0; q < m; q++) {
                double lx = lo[p.x()][q], ux = hi[p.x()][q], ly = lo[p.y()][q], uy = hi[p.y()][q];
                double p1 = lx * ly, p2 = lx * uy, p3 = ux * ly, p4 = ux * uy;
                l[q] = Math.min(Math.min(p1, p2), Math.min(p3, p4));
                u[q] = Math.max(Math.max(p1, p2), Math.max(p3, p4));
            }
        }
        for (int q = 0; q < m; q++) {
            double s = 8 * roundFactor * Math.max(Math.abs(l[q]), Math.abs(u[q])) + Double.MIN_NORMAL;
            l[q] -= s;
            u[q] += s;
        }
        lo[i] = l;
        hi[i] = u;
    }

    private double[][] relaxation(int n, Unrolled.Node node) {
        int m = node.size();
        if (node instanceof Unrolled.Squash s) {
            return lines(s.input(), m, (l, u) -> Relax.lower(s.shape(), l, u), (l, u) -> Relax.upper(s.shape(), l, u));
        } else if (node instanceof Unrolled.Relu s) {
            return lines(s.input(), m, Relax::reluLower, Relax::reluUpper);
        } else if (node instanceof Unrolled.Curve c) {
            return lines(c.input(), m, (l, u) -> Relax.lower(c.shape(), l, u), (l, u) -> Relax.upper(c.shape(), l, u));
        } else if (node instanceof Unrolled.Product p) {
            double[][] r = new double[6][m];
            for (int q = 0; q < m; q++) {
                double lx = lo[p.x()][q], ux = hi[p.x()][q], ly = lo[p.y()][q], uy = hi[p.y()][q];
                double x0 = Math.min(ux, Math.max(lx, nominal[p.x()][q])), y0 = Math.min(uy, Math.max(ly, nominal[p.y()][q]));
                Relax.Plane pl = Relax.productLower(lx, ux, ly, uy, x0, y0);
                Relax.Plane pu = Relax.productUpper(lx, ux, ly, uy, x0, y0);
                r[0][q] = pl.a();
                r[1][q] = pl.b();
                r[2][q] = pl.c();
                r[3][q] = pu.a();
                r[4][q] = pu.b();
                r[5][q] = pu.c();
            }
            if (direct(n)) {
                inInputs(n, p, r);
            }
            return r;
        } else {
            return null;
        }
    }

    /**
     * Product node n's planes {@code r} (McCormick's, in its factors) moved into its factors' inputs (a squashed factor's
     * lines composed in, by the sign of its coefficient) and tightened there by {@link ProductPlanes}.
     */
    private void inInputs(int n, Unrolled.Product p, double[][] r) {
        int u = thruX[n], v = thruY[n];
        double[][] lx = facX[n] == ProductPlanes.Factor.IDENTITY ? null : relax[p.x()];
        double[][] ly = facY[n] == ProductPlanes.Factor.IDENTITY ? null : relax[p.y()];
        double[] composed = new double[6], out = new double[6], slopes = new double[8];
        for (int q = 0; q < r[0].length; q++) {
            for (int side = 0; side < 2; side++) { // 0: the lower plane, 1: the upper plane
                int o = 3 * side;
                double a = r[o][q], b = r[o + 1][q], c = r[o + 2][q];
                composed[o] = a * slope(lx, q, a, side == 0);
                composed[o + 1] = b * slope(ly, q, b, side == 0);
                composed[o + 2] = c + a * intercept(lx, q, a, side == 0) + b * intercept(ly, q, b, side == 0);
            }
            // McCormick's four planes (lower: (ly, lx), (uy, ux); upper: (uy, lx), (ly, ux)) composed with the lines: slopes only
            double xl = lo[p.x()][q], xu = hi[p.x()][q], yl = lo[p.y()][q], yu = hi[p.y()][q];
            double[] mc = {yl, xl, yu, xu, yu, xl, yl, xu};
            for (int k = 0; k < 4; k++) {
                boolean lowerSide = k < 2;
                slopes[2 * k] = mc[2 * k] * slope(lx, q, mc[2 * k], lowerSide);
                slopes[2 * k + 1] = mc[2 * k + 1] * slope(ly, q, mc[2 * k + 1], lowerSide);
            }
            double u0 = Math.min(hi[u][q], Math.max(lo[u][q], nominal[u][q])), v0 = Math.min(hi[v][q], Math.max(lo[v][q], nominal[v][q]));
            productPlanes.planes(facX[n], lo[u][q], hi[u][q], facY[n], lo[v][q], hi[v][q], u0, v0, composed, slopes, 4, out);
            for (int k = 0; k < 6; k++) {
                r[k][q] = out[k];
            }
        }
    }

    /**
     * The slope of a factor's line in a plane's composition: its lower line where the plane is a lower one and the
     * coefficient is ≥ 0 (or an upper plane and a negative coefficient), else its upper line; 1 for a factor without lines.
     */
    private static double slope(double[][] lines, int q, double coefficient, boolean lowerPlane) {
        return lines == null ? 1 : lines[(coefficient >= 0) == lowerPlane ? 0 : 2][q];
    }

    private static double intercept(double[][] lines, int q, double coefficient, boolean lowerPlane) {
        return lines == null ? 0 : lines[(coefficient >= 0) == lowerPlane ? 1 : 3][q];
    }

    /** A relaxation rule: the line on an interval [l, u]. */
    private interface LineRule {
        Line on(double l, double u);
    }

    /** Each value's lower line (rows 0, 1: slope, intercept) and upper line (rows 2, 3) on its input's interval. */
    private double[][] lines(int input, int m, LineRule lowerRule, LineRule upperRule) {
        double[][] r = new double[4][m];
        for (int q = 0; q < m; q++) {
            Line lower = lowerRule.on(lo[input][q], hi[input][q]);
            Line upper = upperRule.on(lo[input][q], hi[input][q]);
            r[0][q] = lower.slope();
            r[1][q] = lower.intercept();
            r[2][q] = upper.slope();
            r[3][q] = upper.intercept();
        }
        return r;
    }

    /**
     * Lower bounds over the ball of each row of c·v_node (c: R rows × the node's size), by one backward pass; nodes
     * below {@code node} must be prepared. When {@code forms} is given it receives each row's constant, dual norm of the
     * coefficients on δ, and rounding magnitude.
     */
    private double[] backward(int node, double[][] c, double[][] forms) {
        int R = c.length, D = net.steps() * net.features(), d = net.features();
        double[][][] lam = new double[node + 1][][];
        lam[node] = c;
        double[] cst = new double[R];
        double[] mag = new double[R];
        double[][] a = new double[R][D];
        double[] scale = new double[R];
        for (int r = 0; r < R; r++) {
            double s = 0;
            for (int q = 0; q < c[r].length; q++) {
                s += Math.abs(c[r][q]) * Math.max(Math.abs(lo[node][q]), Math.abs(hi[node][q]));
            }
            scale[r] = s;
        }
        double[][] previous = null;
        for (int n = node; n >= 0; n--) {
            double[][] L = lam[n];
            if (L == null) {
                continue;
            }
            lam[n] = null;
            if (previous != null && previous != c) {
                release(previous);
            }
            previous = L;
            Unrolled.Node nd = nodes.get(n);
            int m = nd.size();
            boolean[] live = new boolean[R];
            boolean any = false;
            double[] ampN = amp[n], widthN = width[n];
            double[] sw = new double[2];
            for (int r = 0; r < R; r++) {
                double[] row = L[r];
                RowProducts.weigh(row, ampN, widthN, m, sw);
                double s = sw[0], w = sw[1];
                mag[r] += s;
                if (n != node && !(nd instanceof Unrolled.Input) && w <= CUT * scale[r]) {
                    for (int q = 0; q < m; q++) {
                        double v = row[q];
                        cst[r] += v >= 0 ? v * lo[n][q] : v * hi[n][q];
                    }
                } else if (s > 0) {
                    live[r] = true;
                    any = true;
                }
            }
            if (!any) {
                continue;
            }
            if (nd instanceof Unrolled.Input in) {
                for (int r = 0; r < R; r++) {
                    if (live[r]) {
                        for (int q = 0; q < m; q++) {
                            cst[r] += L[r][q] * nominal[n][q];
                            a[r][in.t() * d + q] += L[r][q];
                        }
                    }
                }
            } else if (nd instanceof Unrolled.Linear l) {
                double[] bias = l.bias();
                for (int r = 0; r < R; r++) {
                    if (live[r]) {
                        cst[r] += RowProducts.dot(L[r], bias, m);
                    }
                }
                int[] rows = new int[R];
                int nLive = 0;
                for (int r = 0; r < R; r++) {
                    if (live[r]) {
                        rows[nLive++] = r;
                    }
                }
                for (int k = 0; k < l.inputs().length; k++) {
                    int in = l.inputs()[k];
                    int cols = nodes.get(in).size();
                    RowProducts.accumulate(L, rows, nLive, l.weights()[k], m, cols, lam(lam, in, R, cols));
                    multiplyAdds += (long) nLive * m * cols;
                }
            } else if (nd instanceof Unrolled.Scale s) {
                double[][] t = lam(lam, s.input(), R, m);
                for (int r = 0; r < R; r++) {
                    if (live[r]) {
                        for (int q = 0; q < m; q++) {
                            t[r][q] += L[r][q] * s.scale()[q];
                            cst[r] += L[r][q] * s.shift()[q];
                        }
                    }
                }
            } else if (nd instanceof Unrolled.Combine cb) {
                double[][] ta = lam(lam, cb.a(), R, m), tb = lam(lam, cb.b(), R, m);
                for (int r = 0; r < R; r++) {
                    if (live[r]) {
                        for (int q = 0; q < m; q++) {
                            ta[r][q] += cb.sa() * L[r][q];
                            tb[r][q] += cb.sb() * L[r][q];
                        }
                    }
                }
            } else if (nd instanceof Unrolled.Lined s) {
                lines(lam, L, live, relax[n], s.input(), cst);
            } else if (nd instanceof Unrolled.Product p) {
                boolean direct = direct(n);
                double[][] tx = lam(lam, direct ? thruX[n] : p.x(), R, m), ty = lam(lam, direct ? thruY[n] : p.y(), R, m);
                double[][] pl = relax[n];
                for (int r = 0; r < R; r++) {
                    if (live[r]) {
                        cst[r] += RowProducts.planes(L[r], pl, tx[r], ty[r], m);
                    }
                }
            }
        }
        double[] out = new double[R];
        double[] duals = new double[R];
        if (previous != null && previous != c) {
            release(previous);
        }
        double rad = ball.radius();
        for (int r = 0; r < R; r++) {
            double dual = ball.norm().dual(a[r], 0, D);
            duals[r] = dual;
            double bound = cst[r] - rad * dual;
            out[r] = bound - roundFactor * (mag[r] + Math.abs(cst[r]) + rad * dual) - Double.MIN_NORMAL;
        }
        if (forms != null) {
            forms[0] = cst;
            forms[1] = duals;
            forms[2] = mag;
        }
        return out;
    }

    private void lines(double[][][] lam, double[][] L, boolean[] live, double[][] rl, int input, double[] cst) {
        int R = L.length, m = rl[0].length;
        double[][] t = lam(lam, input, R, m);
        for (int r = 0; r < R; r++) {
            if (live[r]) {
                cst[r] += RowProducts.lines(L[r], rl, t[r], m);
            }
        }
    }

    /** Node's coefficient rows in this pass, made on first use: zeroed rows from the pool, else new ones. */
    private double[][] lam(double[][][] lam, int node, int R, int m) {
        if (lam[node] == null) {
            java.util.ArrayDeque<double[][]> free = pool.get(((long) R << 32) | m);
            double[][] rows = free == null ? null : free.pollLast();
            if (rows == null) {
                rows = new double[R][m];
            } else {
                for (double[] row : rows) {
                    Arrays.fill(row, 0);
                }
            }
            lam[node] = rows;
        }
        return lam[node];
    }

    /** Gives a node's coefficient rows back once its pass has used them (they are reused by later nodes and passes). */
    private void release(double[][] rows) {
        if (rows.length > 0) {
            pool.computeIfAbsent(((long) rows.length << 32) | rows[0].length, k -> new java.util.ArrayDeque<>()).addLast(rows);
        }
    }

    /** Multiply-adds of the backward passes' Λ·W products so far (their dominant cost). */
    public long multiplyAdds() {
        return multiplyAdds;
    }

    @Override
    public String toString() {
        return "Crown" + Arrays.toString(new int[] {nodes.size()});
    }
}
