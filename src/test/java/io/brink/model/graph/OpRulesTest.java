package io.brink.model.graph;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every generic op's four rules against finite differences, the dot-product test and Hessian symmetry. */
class OpRulesTest {

    private static Tensor t(long seed, int... shape) {
        return new Tensor(shape, OpRules.random(new Random(seed), Tensor.checkedSize(shape)));
    }

    private static Tensor positive(long seed, int... shape) {
        double[] d = OpRules.random(new Random(seed), Tensor.checkedSize(shape));
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.5 + Math.abs(d[i]);
        }
        return new Tensor(shape, d);
    }

    /** Away from the kinks of piecewise ops (|x| ≥ 0.1). */
    private static Tensor offKinks(long seed, int... shape) {
        double[] d = OpRules.random(new Random(seed), Tensor.checkedSize(shape));
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] >= 0 ? d[i] + 0.1 : d[i] - 0.1;
        }
        return new Tensor(shape, d);
    }

    private static void unary(Op op, Tensor x) {
        OpRules.check(op, new Tensor[] {x}, new boolean[] {true}, 11);
    }

    @Test
    void elementwise() {
        unary(new ReluOp(), offKinks(1, 3, 4));
        unary(new LeakyReluOp(0.1), offKinks(2, 3, 4));
        unary(new EluOp(0.7), offKinks(3, 3, 4));
        unary(new SeluOp(), offKinks(4, 3, 4));
        unary(new SigmoidOp(), t(5, 3, 4));
        unary(new TanhOp(), t(6, 3, 4));
        unary(new SoftplusOp(), t(7, 3, 4));
        unary(new SoftsignOp(), offKinks(8, 3, 4));
        unary(new ExpOp(), t(9, 3, 4));
        unary(new LogOp(), positive(10, 3, 4));
        unary(new SqrtOp(), positive(11, 3, 4));
        unary(new ReciprocalOp(), positive(12, 3, 4));
        unary(new NegOp(), t(13, 3, 4));
        unary(new HardSigmoidOp(0.2, 0.5), t(14, 3, 4));
        unary(new ErfOp(), t(15, 3, 4));
        unary(new GeluOp(), t(16, 3, 4));
        unary(new AffineOp(1.5, -0.2), t(17, 3, 4));
        unary(new ThresholdedReluOp(0.05), offKinks(18, 3, 4));
        unary(new ScaledTanhOp(1.3, 0.7), t(19, 3, 4));
        unary(new ClipOp(-0.05, 0.05), offKinks(20, 3, 4));
    }

    @Test
    void erfToDoublePrecision() {
        // reference values: the C library's erf (Python's math.erf), both sides of the series/continued-fraction switch at 3
        double[][] known = {{0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {2, 0.9953222650189527},
                {2.9, 0.9999589021219005}, {3, 0.9999779095030014}, {3.5, 0.9999992569016276}, {-1.5, -0.9661051464753108},
                {1e-8, 1.1283791670955126e-8}, {6, 1.0}};
        for (double[] k : known) {
            org.junit.jupiter.api.Assertions.assertEquals(k[1], ErfOp.erf(k[0]), 2e-15 * Math.abs(k[1]), "erf(" + k[0] + ")");
        }
    }

    @Test
    void binaryWithBroadcasting() {
        for (Op op : new Op[] {new AddOp(), new SubOp(), new MulOp()}) {
            OpRules.check(op, new Tensor[] {t(1, 2, 3, 4), t(2, 3, 1)}, new boolean[] {true, true}, 3);
            OpRules.check(op, new Tensor[] {t(4, 4), t(5, 2, 3, 4)}, new boolean[] {true, false}, 3);
        }
        OpRules.check(new DivOp(), new Tensor[] {t(1, 2, 3, 4), positive(2, 3, 1)}, new boolean[] {true, true}, 5);
        OpRules.check(new PowOp(), new Tensor[] {positive(3, 2, 3), Tensor.scalar(0.5)}, new boolean[] {true, false}, 5);
        OpRules.check(new PowOp(), new Tensor[] {t(3, 2, 3), Tensor.scalar(2)}, new boolean[] {true, false}, 5);
        OpRules.check(new PowOp(), new Tensor[] {t(3, 2, 3), Tensor.scalar(3)}, new boolean[] {true, false}, 5);
    }

    @Test
    void matMul() {
        OpRules.check(new MatMulOp(), new Tensor[] {t(1, 2, 3, 4), t(2, 4, 5)}, new boolean[] {true, true}, 7);
        OpRules.check(new MatMulOp(), new Tensor[] {t(1, 2, 3, 4), t(2, 2, 4, 5)}, new boolean[] {true, true}, 7);
        OpRules.check(new MatMulOp(), new Tensor[] {t(1, 4), t(2, 2, 4, 3)}, new boolean[] {true, true}, 7);
        OpRules.check(new MatMulOp(), new Tensor[] {t(1, 2, 3, 4), t(2, 4)}, new boolean[] {true, true}, 7);
        OpRules.check(new MatMulOp(), new Tensor[] {t(1, 3, 1, 3, 4), t(2, 2, 4, 2)}, new boolean[] {true, false}, 7);
    }

    @Test
    void movesAndReductions() {
        Tensor x = t(1, 2, 3, 4);
        OpRules.check(new TransposeOp(new int[] {1, 0, 2}), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new TransposeOp(null), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(ReshapeOp.reshape(false), new Tensor[] {x, Tensor.vector(0, -1)}, new boolean[] {true, false}, 1);
        OpRules.check(new GatherOp(1), new Tensor[] {x, Tensor.scalar(-1)}, new boolean[] {true, false}, 1);
        OpRules.check(new GatherOp(2), new Tensor[] {x, Tensor.vector(0, 2, 2)}, new boolean[] {true, false}, 1);
        OpRules.check(new SliceOp(), new Tensor[] {x, Tensor.vector(-1, 3), Tensor.vector(-9e18, 0), Tensor.vector(1, 2),
                Tensor.vector(-1, -2)}, new boolean[] {true, false, false, false, false}, 1);
        OpRules.check(new ExpandOp(), new Tensor[] {t(2, 3, 1), Tensor.vector(2, 3, 4)}, new boolean[] {true, false}, 1);
        OpRules.check(new ConcatOp(1), new Tensor[] {t(3, 2, 1, 4), t(4, 2, 3, 4), t(5, 2, 2, 4)},
                new boolean[] {true, true, true}, 1);
        OpRules.check(new SplitOp(2, 2, new int[] {1, 3}), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new ReduceOp(true, new int[] {1}, false, false), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new ReduceOp(false, null, true, false), new Tensor[] {x, Tensor.vector(-1, 0)}, new boolean[] {true, false}, 1);
        OpRules.check(new ReduceMaxOp(new int[] {1}, true), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new SoftmaxOp(false, 1, false), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new SoftmaxOp(true, -1, false), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new SoftmaxOp(false, 1, true), new Tensor[] {x}, new boolean[] {true}, 1);
        OpRules.check(new ConvOp(2, 1, 2, 2, 2), new Tensor[] {t(6, 2, 4, 9), t(7, 6, 2, 3)}, new boolean[] {true, false}, 1);
    }

    @Test
    void shapesFollowTheSpecification() {
        Tensor x = t(1, 2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, ReshapeOp.reshape(false).forward(new Tensor[] {x, Tensor.vector(0, -1)}, null)[0].shape());
        assertArrayEquals(new int[] {2, 4}, new GatherOp(1).forward(new Tensor[] {x, Tensor.scalar(-1)}, null)[0].shape());
        Tensor s = new SliceOp().forward(new Tensor[] {x, Tensor.vector(-1), Tensor.vector(-9.3e18), Tensor.vector(1),
                Tensor.vector(-1)}, null)[0];
        assertArrayEquals(new int[] {2, 3, 4}, s.shape());
        assertArrayEquals(new double[] {x.data()[8], x.data()[4], x.data()[0]},
                new double[] {s.data()[0], s.data()[4], s.data()[8]});
        assertArrayEquals(new int[] {2, 6, 4}, new ConvOp(2, 1, 2, 2, 2).forward(new Tensor[] {t(6, 2, 4, 9), t(7, 6, 2, 3)},
                null)[0].shape());
        assertThrows(IllegalArgumentException.class, () -> new GatherOp(1).forward(new Tensor[] {x, Tensor.scalar(3)}, null));
    }

    @Test
    void anAdjointTheRunDropsIsNotComputedAndTheOthersAreUnchanged() {
        for (Op op : new Op[] {new MatMulOp(), new MulOp()}) {
            Tensor a = t(40, 2, 3, 4), b = op instanceof MatMulOp ? t(41, 4, 5) : t(41, 4);
            Tensor[] in = {a, b};
            Tensor[] out = op.forward(in, new Slot(null));
            Tensor yb = t(42, out[0].shape()), ybd = t(43, out[0].shape()), ad = t(44, a.shape());
            Slot all = new Slot(null);
            Slot weightConstant = new Slot(null);
            weightConstant.adjointNeeded(new boolean[] {true, false});
            Tensor[] full = op.reverse(in, out, new Tensor[] {yb}, all);
            Tensor[] part = op.reverse(in, out, new Tensor[] {yb}, weightConstant);
            org.junit.jupiter.api.Assertions.assertNull(part[1], op.type() + ": the constant's adjoint is skipped");
            assertArrayEquals(full[0].data(), part[0].data(), 0, op.type());
            Tensor[] inDot = {ad, null};
            Tensor[] fullR = op.tangentReverse(in, out, inDot, new Tensor[] {yb}, new Tensor[] {ybd}, all);
            Tensor[] partR = op.tangentReverse(in, out, inDot, new Tensor[] {yb}, new Tensor[] {ybd}, weightConstant);
            org.junit.jupiter.api.Assertions.assertNull(partR[1], op.type());
            assertArrayEquals(fullR[0].data(), partR[0].data(), 0, op.type());
        }
    }

    @Test
    void aBinaryOpOfValuesThatDoNotDependOnTheWindowStillComputesItsValue() {
        Slot constants = new Slot(null);
        constants.adjointNeeded(new boolean[] {false, false});
        Tensor y = new MulOp().forward(new Tensor[] {Tensor.vector(2, 3), Tensor.scalar(4)}, constants)[0];
        assertArrayEquals(new double[] {8, 12}, y.data(), 0, "a shape computation (Shape → Gather → Mul) is not a dropped adjoint");
    }

    @Test
    void aSlotPlansItsArraysOncePerPassAndLength() {
        Slot slot = new Slot(null);
        Op tanh = new TanhOp();
        double[] first = tanh.forward(new Tensor[] {t(50, 2, 3)}, slot)[0].data();
        Tensor second = tanh.forward(new Tensor[] {t(51, 2, 3)}, slot)[0];
        org.junit.jupiter.api.Assertions.assertSame(first, second.data(), "the same pass and length: the same array");
        assertArrayEquals(tanh.forward(new Tensor[] {t(51, 2, 3)}, null)[0].data(), second.data(), 0);
        Tensor dot = tanh.tangent(new Tensor[] {t(51, 2, 3)}, new Tensor[] {second}, new Tensor[] {t(52, 2, 3)}, slot)[0];
        org.junit.jupiter.api.Assertions.assertNotSame(first, dot.data(), "another pass: another array");
        double[] larger = tanh.forward(new Tensor[] {t(53, 4, 3)}, slot)[0].data();
        assertEquals(12, larger.length, "a new batch size gets arrays of its length");
    }
}
