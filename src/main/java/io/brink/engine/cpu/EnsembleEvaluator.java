package io.brink.engine.cpu;

import io.brink.engine.device.EnsembleHead;
import io.brink.engine.device.GemmWork;
import io.brink.engine.device.Precision;
import io.brink.model.Network;

import java.util.List;

/**
 * An ensemble of M networks as one classifier on the CPU: one {@link BatchEvaluator} per member behind the
 * log-mean-exp head ({@link EnsembleHead}: decision logits ℓ = log p̄, the members' seeds and the seeds' tangents), so
 * gradients and Hessian-vector products are exact through the members and the head.
 */
final class EnsembleEvaluator implements Evaluator {

    private final Member[] members;
    private final EnsembleHead head;
    private final int classes;
    private double[] z = new double[0];
    private double[] buf = new double[0];

    EnsembleEvaluator(List<? extends Network> models, Precision precision) {
        members = new Member[models.size()];
        for (int m = 0; m < members.length; m++) {
            members[m] = CpuTape.member(models.get(m), precision);
        }
        classes = members[0].classes();
        head = new EnsembleHead(members.length, classes);
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public double[] forward(double[] x, int steps, int rows) {
        final int M = members.length, C = classes;
        z = RecurrentKernel.ensure(z, rows * M * C);
        for (int m = 0; m < M; m++) {
            double[] zm = members[m].forward(x, steps, rows);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(zm, r * C, z, (r * M + m) * C, C);
            }
        }
        return head.forward(z, rows);
    }

    @Override
    public double[] memberLogits(int rows) {
        return head.memberLogits(rows);
    }

    @Override
    public double[] forwardDropout(double[] x, int steps, int rows, Dropout dropout) {
        throw new UnsupportedOperationException("an ensemble takes its uncertainty from its members, not from dropout");
    }

    @Override
    public void gradient(double[] seed, int rb, int[] map, boolean keep, double[] out) {
        if (keep) {
            head.keep(seed, rb);
        }
        for (int m = 0; m < members.length; m++) {
            double[] s = head.memberSeed(seed, rb, map, m);
            Member member = members[m];
            accumulate(m, out, target -> member.gradient(s, rb, map, keep, target));
        }
    }

    @Override
    public void hessianVector(double[] v, int rt, int[] map, double[] out) {
        final int M = members.length, C = classes;
        double[] zdot = new double[rt * M * C];
        for (int m = 0; m < M; m++) {
            double[] zm = members[m].tangentForward(v, rt, map);
            for (int r = 0; r < rt; r++) {
                System.arraycopy(zm, r * C, zdot, (r * M + m) * C, C);
            }
        }
        double[][] sdot = head.seedTangents(zdot, rt, map);
        for (int m = 0; m < M; m++) {
            double[] sm = sdot[m];
            Member member = members[m];
            accumulate(m, out, target -> member.tangentBackward(sm, rt, map, target));
        }
    }

    /** Member m writes into {@code out} (m = 0) or into a buffer added to it (m > 0). */
    private void accumulate(int m, double[] out, java.util.function.Consumer<double[]> write) {
        if (m == 0) {
            write.accept(out);
            return;
        }
        buf = RecurrentKernel.ensure(buf, out.length);
        write.accept(buf);
        for (int i = 0; i < out.length; i++) {
            out[i] += buf[i];
        }
    }

    @Override
    public GemmWork gemmWork() {
        GemmWork w = GemmWork.NONE;
        for (Member e : members) {
            w = w.plus(e.gemmWork());
        }
        return w;
    }

    @Override
    public void close() {
        for (Member e : members) {
            e.close();
        }
    }
}
