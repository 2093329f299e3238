package io.brink.engine.cpu;

import io.brink.model.RecurrentLayer;
import jdk.incubator.vector.DoubleVector;

import static io.brink.engine.cpu.Vectors.SPECIES;
import static io.brink.engine.cpu.Vectors.load;

/**
 * The LSTM kernel with its element-wise forward, reverse and two Hessian-vector-product passes (tangent
 * forward, tangent reverse) written with the incubating Vector API, as many doubles per instruction as the CPU's
 * widest registers hold; the gate units past the last full vector go through the scalar code. The reverse
 * and tangent passes do the same operations in the same order as {@link LstmKernel} (no fused multiply-adds),
 * so they are bit-identical given the same forward; the forward's exp and tanh are the JDK's vector versions, within
 * a few units in the last place of the scalar ones. Only loaded when {@link VectorSupport#enabled()}.
 */
final class LstmVectorKernel extends LstmKernel {

    LstmVectorKernel(RecurrentLayer layer, Gemm gemm) {
        super(layer, gemm);
    }

    @Override
    void forwardRow(double[] cPrev, int g0, int s0, int p0, int from) {
        final int H = hidden;
        final int bound = SPECIES.loopBound(H);
        int k = from;
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector i = Vectors.sigmoid(load(act, g0 + k).add(load(bias, k)));
            DoubleVector f = Vectors.sigmoid(load(act, g0 + H + k).add(load(bias, H + k)));
            DoubleVector g = Vectors.tanh(load(act, g0 + 2 * H + k).add(load(bias, 2 * H + k)));
            DoubleVector o = Vectors.sigmoid(load(act, g0 + 3 * H + k).add(load(bias, 3 * H + k)));
            DoubleVector cc = f.mul(load(cPrev, p0 + k)).add(i.mul(g));
            DoubleVector tcc = Vectors.tanh(cc);
            i.intoArray(act, g0 + k);
            f.intoArray(act, g0 + H + k);
            g.intoArray(act, g0 + 2 * H + k);
            o.intoArray(act, g0 + 3 * H + k);
            cc.intoArray(c, s0 + k);
            tcc.intoArray(tc, s0 + k);
            o.mul(tcc).intoArray(h, s0 + k);
        }
        if (k < H) {
            super.forwardRow(cPrev, g0, s0, p0, k);
        }
    }

    @Override
    void backwardRow(double[] hbarExt, double[] cPrev, boolean keep, int g0, int s0, int p0, int e0, int z0, int q0, int from) {
        final int H = hidden;
        final int bound = SPECIES.loopBound(H);
        int k = from;
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector i = load(act, g0 + k), f = load(act, g0 + H + k), g = load(act, g0 + 2 * H + k), o = load(act, g0 + 3 * H + k);
            DoubleVector tcv = load(tc, s0 + k);
            DoubleVector cp = load(cPrev, p0 + k);
            DoubleVector hb = load(hbarExt, e0 + k).add(load(rec, q0 + k));
            DoubleVector cbt = load(crec, q0 + k).add(hb.mul(o).mul(tcv.mul(tcv).neg().add(1.0)));
            cbt.mul(g).mul(i).mul(i.neg().add(1.0)).intoArray(zbar, z0 + k);
            cbt.mul(cp).mul(f).mul(f.neg().add(1.0)).intoArray(zbar, z0 + H + k);
            cbt.mul(i).mul(g.mul(g).neg().add(1.0)).intoArray(zbar, z0 + 2 * H + k);
            hb.mul(tcv).mul(o).mul(o.neg().add(1.0)).intoArray(zbar, z0 + 3 * H + k);
            cbt.mul(f).intoArray(crec, q0 + k);
            if (keep) {
                hb.intoArray(hbarKept, e0 + k);
                cbt.intoArray(cbarKept, e0 + k);
            }
        }
        if (k < H) {
            super.backwardRow(hbarExt, cPrev, keep, g0, s0, p0, e0, z0, q0, k);
        }
    }

    @Override
    void tangentForwardRow(double[] cPrev, double[] dcPrev, int g0, int s0, int p0, int d0, int e0, int q0, int from) {
        final int H = hidden;
        final int bound = SPECIES.loopBound(H);
        int k = from;
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector i = load(act, g0 + k), f = load(act, g0 + H + k), g = load(act, g0 + 2 * H + k), o = load(act, g0 + 3 * H + k);
            DoubleVector tcv = load(tc, s0 + k);
            DoubleVector cp = load(cPrev, p0 + k);
            DoubleVector dcp = load(dcPrev, q0 + k);
            DoubleVector di = i.mul(i.neg().add(1.0)).mul(load(dact, d0 + k));
            DoubleVector df = f.mul(f.neg().add(1.0)).mul(load(dact, d0 + H + k));
            DoubleVector dg = g.mul(g).neg().add(1.0).mul(load(dact, d0 + 2 * H + k));
            DoubleVector dout = o.mul(o.neg().add(1.0)).mul(load(dact, d0 + 3 * H + k));
            DoubleVector dcc = df.mul(cp).add(f.mul(dcp)).add(di.mul(g)).add(i.mul(dg));
            DoubleVector dtc = tcv.mul(tcv).neg().add(1.0).mul(dcc);
            di.intoArray(dact, d0 + k);
            df.intoArray(dact, d0 + H + k);
            dg.intoArray(dact, d0 + 2 * H + k);
            dout.intoArray(dact, d0 + 3 * H + k);
            dcc.intoArray(dc, e0 + k);
            dout.mul(tcv).add(o.mul(dtc)).intoArray(hdot, e0 + k);
        }
        if (k < H) {
            super.tangentForwardRow(cPrev, dcPrev, g0, s0, p0, d0, e0, q0, k);
        }
    }

    @Override
    void tangentBackwardRow(double[] hbarExtDot, double[] cPrev, double[] dcPrev, int g0, int s0, int p0, int d0, int e0, int q0,
                            int a0, int from) {
        final int H = hidden;
        final int bound = SPECIES.loopBound(H);
        int k = from;
        for (; k < bound; k += SPECIES.length()) {
            DoubleVector i = load(act, g0 + k), f = load(act, g0 + H + k), g = load(act, g0 + 2 * H + k), o = load(act, g0 + 3 * H + k);
            DoubleVector tcv = load(tc, s0 + k);
            DoubleVector cp = load(cPrev, p0 + k);
            DoubleVector hb = load(hbarKept, s0 + k);
            DoubleVector cbt = load(cbarKept, s0 + k);
            DoubleVector di = load(dact, d0 + k), df = load(dact, d0 + H + k), dg = load(dact, d0 + 2 * H + k),
                    dout = load(dact, d0 + 3 * H + k);
            DoubleVector dcp = load(dcPrev, q0 + k);
            DoubleVector s = tcv.mul(tcv).neg().add(1.0);
            DoubleVector dtc = s.mul(load(dc, e0 + k));
            DoubleVector hbd = load(hbarExtDot, e0 + k).add(load(rec, a0 + k));
            DoubleVector cbtd = load(crec, a0 + k).add(hbd.mul(o).mul(s)).add(hb.mul(dout).mul(s))
                    .sub(hb.mul(2.0).mul(o).mul(tcv).mul(dtc));
            DoubleVector ib = cbt.mul(g), fb = cbt.mul(cp), gb = cbt.mul(i), ob = hb.mul(tcv);
            DoubleVector ibd = cbtd.mul(g).add(cbt.mul(dg));
            DoubleVector fbd = cbtd.mul(cp).add(cbt.mul(dcp));
            DoubleVector gbd = cbtd.mul(i).add(cbt.mul(di));
            DoubleVector obd = hbd.mul(tcv).add(hb.mul(dtc));
            ibd.mul(i).mul(i.neg().add(1.0)).add(ib.mul(i.mul(-2.0).add(1.0)).mul(di)).intoArray(zbar, d0 + k);
            fbd.mul(f).mul(f.neg().add(1.0)).add(fb.mul(f.mul(-2.0).add(1.0)).mul(df)).intoArray(zbar, d0 + H + k);
            gbd.mul(g.mul(g).neg().add(1.0)).sub(gb.mul(2.0).mul(g).mul(dg)).intoArray(zbar, d0 + 2 * H + k);
            obd.mul(o).mul(o.neg().add(1.0)).add(ob.mul(o.mul(-2.0).add(1.0)).mul(dout)).intoArray(zbar, d0 + 3 * H + k);
            cbtd.mul(f).add(cbt.mul(df)).intoArray(crec, a0 + k);
        }
        if (k < H) {
            super.tangentBackwardRow(hbarExtDot, cPrev, dcPrev, g0, s0, p0, d0, e0, q0, a0, k);
        }
    }
}
