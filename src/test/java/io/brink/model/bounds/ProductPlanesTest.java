package io.brink.model.bounds;

import io.brink.engine.RandomModels;
import io.brink.model.Activation;
import io.brink.model.CellType;
import io.brink.model.SequenceClassifier;
import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planes of φ₁(u)·φ₂(v) in (u, v) bound the product on every kind of box, and are never looser at the centre than the composed ones. */
class ProductPlanesTest {

    private static final ProductPlanes.Factor[][] PAIRS = {
            {ProductPlanes.Factor.SIGMOID, ProductPlanes.Factor.TANH}, {ProductPlanes.Factor.SIGMOID, ProductPlanes.Factor.IDENTITY},
            {ProductPlanes.Factor.IDENTITY, ProductPlanes.Factor.TANH}, {ProductPlanes.Factor.TANH, ProductPlanes.Factor.SIGMOID},
            {ProductPlanes.Factor.SIGMOID, ProductPlanes.Factor.SIGMOID}};

    /** The relaxation as Crown composed it before: McCormick's planes over the factors' ranges, each factor by its lines. */
    static double[] composed(ProductPlanes.Factor p1, double ul, double uu, ProductPlanes.Factor p2, double vl, double vu, double u0, double v0) {
        Line[] l1 = lines(p1, ul, uu), l2 = lines(p2, vl, vu);
        double lx = p1.f(ul), ux = p1.f(uu), ly = p2.f(vl), uy = p2.f(vu);
        lx -= 1e-15 * (1 + Math.abs(lx));
        ux += 1e-15 * (1 + Math.abs(ux));
        ly -= 1e-15 * (1 + Math.abs(ly));
        uy += 1e-15 * (1 + Math.abs(uy));
        double x0 = Math.min(ux, Math.max(lx, p1.f(u0))), y0 = Math.min(uy, Math.max(ly, p2.f(v0)));
        Relax.Plane lo = Relax.productLower(lx, ux, ly, uy, x0, y0), hi = Relax.productUpper(lx, ux, ly, uy, x0, y0);
        double[] out = new double[6];
        Relax.Plane[] planes = {lo, hi};
        for (int side = 0; side < 2; side++) {
            Relax.Plane p = planes[side];
            Line x = l1[(p.a() >= 0) == (side == 0) ? 0 : 1], y = l2[(p.b() >= 0) == (side == 0) ? 0 : 1];
            out[3 * side] = p.a() * x.slope();
            out[3 * side + 1] = p.b() * y.slope();
            out[3 * side + 2] = p.c() + p.a() * x.intercept() + p.b() * y.intercept();
        }
        return out;
    }

    private static Line[] lines(ProductPlanes.Factor f, double l, double u) {
        if (f == ProductPlanes.Factor.IDENTITY) {
            return new Line[] {new Line(1, 0), new Line(1, 0)};
        }
        Relax.SShape s = f == ProductPlanes.Factor.SIGMOID ? Relax.SShape.SIGMOID : Relax.SShape.TANH;
        return new Line[] {Relax.lower(s, l, u), Relax.upper(s, l, u)};
    }

    @Test
    void thePlanesBoundTheProductOnEveryKindOfBox() {
        Random rnd = new Random(21);
        ProductPlanes planes = new ProductPlanes();
        double[] out = new double[6];
        int checked = 0;
        for (ProductPlanes.Factor[] pair : PAIRS) {
            for (int b = 0; b < 6000; b++) {
                double[] bu = RelaxTest.box(rnd, b), bv = RelaxTest.box(rnd, b + 5);
                double ul = bu[0], uu = bu[1], vl = bv[0], vu = bv[1];
                double u0 = ul + (uu - ul) * rnd.nextDouble(), v0 = vl + (vu - vl) * rnd.nextDouble();
                double[] comp = composed(pair[0], ul, uu, pair[1], vl, vu, u0, v0);
                planes.planes(pair[0], ul, uu, pair[1], vl, vu, u0, v0, comp, new double[] {0.3, -2}, 1, out);
                for (int p = 0; p < 64; p++) {
                    double u = p < 4 ? ((p & 1) == 0 ? ul : uu) : ul + (uu - ul) * rnd.nextDouble();
                    double v = p < 4 ? ((p & 2) == 0 ? vl : vu) : vl + (vu - vl) * rnd.nextDouble();
                    if (p >= 4 && p < 24) { // halfway between two grid points, where the grid knows least
                        int i = rnd.nextInt(ProductPlanes.GRID - 1), j = rnd.nextInt(ProductPlanes.GRID - 1);
                        u = ul + (uu - ul) * (i + 0.5) / (ProductPlanes.GRID - 1);
                        v = vl + (vu - vl) * (j + 0.5) / (ProductPlanes.GRID - 1);
                    }
                    double f = pair[0].f(u) * pair[1].f(v);
                    double lower = out[0] * u + out[1] * v + out[2], upper = out[3] * u + out[4] * v + out[5];
                    assertTrue(lower <= f && upper >= f, pair[0] + "·" + pair[1] + " at (" + u + ", " + v + ") on [" + ul + ", " + uu
                            + "] × [" + vl + ", " + vu + "]: " + lower + " ≤ " + f + " ≤ " + upper);
                }
                double cu = 0.5 * (ul + uu), cv = 0.5 * (vl + vu);
                assertTrue(out[0] * cu + out[1] * cv + out[2] >= comp[0] * cu + comp[1] * cv + comp[2], "the lower plane is never lower at the centre");
                assertTrue(out[3] * cu + out[4] * cv + out[5] <= comp[3] * cu + comp[4] * cv + comp[5], "the upper plane is never higher there");
                checked++;
            }
        }
        assertTrue(checked == 30_000);
    }

    @Test
    void onAGateSizedBoxTheGapIsAFractionOfTheComposedOne() {
        ProductPlanes planes = new ProductPlanes();
        double[] out = new double[6];
        // σ(i)·tanh(g) with both pre-activations in [−0.5, 0.5] (a gate's box at a moderate radius)
        double[] comp = composed(ProductPlanes.Factor.SIGMOID, -0.5, 0.5, ProductPlanes.Factor.TANH, -0.5, 0.5, 0, 0);
        planes.planes(ProductPlanes.Factor.SIGMOID, -0.5, 0.5, ProductPlanes.Factor.TANH, -0.5, 0.5, 0, 0, comp, new double[0], 0, out);
        double gap = out[5] - out[2], composedGap = comp[5] - comp[2];
        assertTrue(gap <= composedGap, "gap at the centre " + gap + " against " + composedGap + " composed");
    }

    private static final Certifier.Settings SETTINGS = new Certifier.Settings(12, 0.02, 1);

    @Test
    void inTheBoundPassTheyCertifyLargerRadiiThanTheComposedPlanes() {
        double logRatio = 0;
        int windows = 0, smaller = 0;
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            SequenceClassifier m = RandomModels.classifier(cell, 2, 2, 8, 3, Activation.TANH, 31 + cell.ordinal());
            int T = 16;
            Crown direct = new Crown(Unrolled.of(m, T));
            Crown composed = new Crown(Unrolled.of(m, T));
            direct.directPlanes = true;
            composed.directPlanes = false;
            Random rnd = new Random(12);
            for (int w = 0; w < 6; w++) {
                double[] x = RandomModels.gaussian(rnd, T * 2, 1.0);
                int k = ReferenceForward.argmax(ReferenceForward.logits(m, x, T));
                Certificate a = GiveUpTest.certifier(direct, SETTINGS).certify(x, 0, T, k, Norm.L2, 1.0, OptionalDouble.empty(), 0, Double.NaN);
                Certificate b = GiveUpTest.certifier(composed, SETTINGS).certify(x, 0, T, k, Norm.L2, 1.0, OptionalDouble.empty(), 0, Double.NaN);
                if (a.radius() > 0 && b.radius() > 0) {
                    logRatio += Math.log(a.radius() / b.radius());
                    windows++;
                    smaller += a.radius() < b.radius() / 1.05 ? 1 : 0;
                }
            }
        }
        double ratio = Math.exp(logRatio / windows);
        System.out.printf("direct / composed planes: geometric mean %.3f over %d windows, %d smaller by > 5%%%n", ratio, windows, smaller);
        assertTrue(windows >= 8 && ratio > 1.0 && smaller <= windows / 4, "ratio " + ratio + " over " + windows + ", smaller " + smaller);
    }
}
