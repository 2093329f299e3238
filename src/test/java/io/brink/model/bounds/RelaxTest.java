package io.brink.model.bounds;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each relaxation rule (σ, tanh, ReLU, e^v, 1/v, the product's planes) bounds its function on random points of random boxes: wide and narrow, on one side of 0 and
 * across it, far in the tails, degenerate (a point) and a few ulps wide — and the lines are tight where they must be
 * (at a point box they meet the function).
 */
class RelaxTest {

    private static final int BOXES = 20_000;
    private static final int POINTS = 40;

    @Test
    void sShapeLinesBoundTheFunctionOnEveryBox() {
        Random rnd = new Random(7);
        for (Relax.SShape s : Relax.SShape.values()) {
            for (int b = 0; b < BOXES; b++) {
                double[] box = box(rnd, b);
                assertBetween(Relax.lower(s, box[0], box[1]), Relax.upper(s, box[0], box[1]), s::f, box, rnd, s.toString());
            }
        }
    }

    @Test
    void linesMeetTheFunctionOnAPointBox() {
        for (Relax.SShape s : Relax.SShape.values()) {
            for (double x : new double[] {-30, -2.5, -1e-3, 0, 0.7, 4, 25}) {
                Line lower = Relax.lower(s, x, x), upper = Relax.upper(s, x, x);
                assertTrue(Math.abs(lower.at(x) - s.f(x)) < 2e-13 && Math.abs(upper.at(x) - s.f(x)) < 2e-13, s + " at " + x);
            }
        }
    }

    @Test
    void tangentLinesAreTightOnNarrowBoxes() {
        // A box of width w: the gap between the lines is of order w² (not w), or chains of them would blow up.
        for (Relax.SShape s : Relax.SShape.values()) {
            for (double c : new double[] {-3, -0.2, 0, 0.4, 2}) {
                double w = 1e-4, l = c - w / 2, u = c + w / 2;
                double gap = Relax.upper(s, l, u).at(c) - Relax.lower(s, l, u).at(c);
                assertTrue(gap < 1e-7, s + " gap " + gap + " at " + c + " for width " + w);
            }
        }
    }

    @Test
    void reluLinesBoundReluOnEveryBox() {
        Random rnd = new Random(8);
        for (int b = 0; b < BOXES; b++) {
            double[] box = box(rnd, b);
            double l = box[0], u = box[1];
            Line lower = Relax.reluLower(l, u), upper = Relax.reluUpper(l, u);
            for (int p = 0; p <= POINTS; p++) {
                double x = p == 0 ? l : p == POINTS ? u : l + (u - l) * rnd.nextDouble();
                double f = Math.max(0, x);
                assertTrue(lower.at(x) <= f && upper.at(x) >= f, "relu at " + x + " on [" + l + ", " + u + "]");
            }
        }
    }

    @Test
    void mcCormickPlanesBoundTheProductOnEveryBox() {
        Random rnd = new Random(9);
        for (int b = 0; b < BOXES; b++) {
            double[] bx = box(rnd, b), by = box(rnd, b + 7);
            double lx = bx[0], ux = bx[1], ly = by[0], uy = by[1];
            double x0 = lx + (ux - lx) * rnd.nextDouble(), y0 = ly + (uy - ly) * rnd.nextDouble();
            Relax.Plane lo = Relax.productLower(lx, ux, ly, uy, x0, y0), hi = Relax.productUpper(lx, ux, ly, uy, x0, y0);
            for (int p = 0; p <= POINTS; p++) {
                double x = p < 4 ? ((p & 1) == 0 ? lx : ux) : lx + (ux - lx) * rnd.nextDouble();
                double y = p < 4 ? ((p & 2) == 0 ? ly : uy) : ly + (uy - ly) * rnd.nextDouble();
                double f = x * y;
                assertTrue(lo.a() * x + lo.b() * y + lo.c() <= f, "lower plane above x·y at (" + x + ", " + y + ")");
                assertTrue(hi.a() * x + hi.b() * y + hi.c() >= f, "upper plane below x·y at (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void curvedLinesBoundTheFunctionOnEveryBox() {
        Random rnd = new Random(10);
        int checked = 0;
        for (Relax.Curved c : Relax.Curved.values()) {
            for (int b = 0; b < BOXES; b++) {
                double[] box = box(rnd, b);
                if (c == Relax.Curved.RECIPROCAL || c == Relax.Curved.SQRT) { // their domains: positive boxes (and 0 for √v)
                    double shift = (c == Relax.Curved.SQRT && b % 17 == 0 ? 0 : 1e-3) - box[0]
                            + rnd.nextDouble() * (b % 3 == 0 ? 1 : 40);
                    box = new double[] {box[0] + shift, box[1] + shift};
                }
                assertBetween(Relax.lower(c, box[0], box[1]), Relax.upper(c, box[0], box[1]), c::f, box, rnd, c.toString());
                checked++;
            }
            for (double x : new double[] {-20, -1, 0, 0.5, 3, 30}) { // tight on a point box
                double v = c == Relax.Curved.RECIPROCAL || c == Relax.Curved.SQRT ? Math.abs(x) + 0.25 : x;
                assertTrue(Math.abs(Relax.lower(c, v, v).at(v) - c.f(v)) < 1e-12 * (1 + c.f(v))
                        && Math.abs(Relax.upper(c, v, v).at(v) - c.f(v)) < 1e-12 * (1 + c.f(v)), c + " at " + v);
            }
        }
        assertTrue(checked > 0);
        // 1/v over a box reaching 0, √v below 0: no line; the bound pass gives up rather than return one.
        assertTrue(Double.isNaN(Relax.upper(Relax.Curved.RECIPROCAL, -1, 2).slope()));
        assertTrue(Double.isNaN(Relax.lower(Relax.Curved.RECIPROCAL, 0, 2).slope()));
        assertTrue(Double.isNaN(Relax.lower(Relax.Curved.SQRT, -1e-9, 2).slope()));
        // √v on a box starting at 0, and on the box {0}
        for (double u : new double[] {0, 1e-300, 1e-9, 3}) {
            assertBetween(Relax.lower(Relax.Curved.SQRT, 0, u), Relax.upper(Relax.Curved.SQRT, 0, u), Math::sqrt, new double[] {0, u}, rnd,
                    "sqrt on [0, " + u + "]");
        }
    }

    /** lower ≤ f ≤ upper at both ends of the box and at random points inside. */
    private static void assertBetween(Line lower, Line upper, java.util.function.DoubleUnaryOperator fn, double[] box, Random rnd,
                                      String what) {
        double l = box[0], u = box[1];
        for (int p = 0; p <= POINTS; p++) {
            double x = p == 0 ? l : p == POINTS ? u : l + (u - l) * rnd.nextDouble();
            double f = fn.applyAsDouble(x);
            assertTrue(lower.at(x) <= f, what + " lower line above f at " + x + " on [" + l + ", " + u + "]: " + lower.at(x) + " > " + f);
            assertTrue(upper.at(x) >= f, what + " upper line below f at " + x + " on [" + l + ", " + u + "]: " + upper.at(x) + " < " + f);
        }
    }

    /** Random box kinds in turn: wide across 0, one-sided, tails, narrow, a point, a few ulps wide. */
    static double[] box(Random rnd, int b) {
        double c = rnd.nextGaussian() * 4;
        double w = switch (b % 6) {
            case 0 -> rnd.nextDouble() * 20;
            case 1 -> rnd.nextDouble() * 2;
            case 2 -> rnd.nextDouble() * 1e-3;
            case 3 -> 0;
            case 4 -> Math.ulp(c) * (1 + rnd.nextInt(8));
            default -> rnd.nextDouble() * 1e-7;
        };
        if (b % 11 == 0) {
            c = (rnd.nextBoolean() ? 1 : -1) * (15 + rnd.nextDouble() * 30);
        }
        if (b % 13 == 0) {
            c = 0;
        }
        return new double[] {c - w / 2, c + w / 2};
    }
}
