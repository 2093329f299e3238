package io.brink.model.bounds;

import io.brink.model.Network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bounds of an ensemble's decision logits ℓ_c = log p̄_c, p̄ = (1/M) Σ_m softmax(z_m) (Brink's log-mean-exp head), from
 * each member's margin bounds. With L_m,i ≤ z_m,k − z_m,i over the ball (one {@link Crown} pass per member):
 * p_m,k ≥ 1 / (1 + Σ_{i≠k} exp(−L_m,i)) and p_m,j ≤ min(1 − that, 1 / (1 + exp(L_m,j))), since
 * p_j ≤ e^{z_j} / (e^{z_j} + e^{z_k}); so ℓ_k − ℓ_j ≥ log mean_m lb(p_m,k) − log mean_m ub(p_m,j). Each member's bound
 * falls with the radius, so one pass per member at radius r answers every r' ≤ r (bisected on the host). The bounds on
 * the members are sound, those on p and ℓ are moved outward by a relative 1e-12 (float64 exp and log are within an ulp
 * or two). Sound and loose: each member is bounded apart, so the members' correlation is lost.
 */
public final class EnsembleBounds implements ModelBounds {

    /** Relative outward move of every probability and log computed on the host. */
    private static final double SLACK = 1e-12;

    private final List<ClassifierBounds> members = new ArrayList<>();

    /** Bounds of an ensemble of these members (each a fixed-shape stack or a model graph). */
    public EnsembleBounds(List<? extends Network> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble has at least two members, got " + members.size());
        }
        for (Network m : members) {
            this.members.add(new ClassifierBounds(m));
        }
    }

    @Override
    public Optional<String> refusal(int steps) {
        for (int m = 0; m < members.size(); m++) {
            Optional<String> why = members.get(m).refusal(steps);
            if (why.isPresent()) {
                return Optional.of("member " + (m + 1) + ": " + why.get());
            }
        }
        return Optional.empty();
    }

    @Override
    public MarginBounds marginBounds(double[] x, int offset, int steps, int k, Ball ball) {
        List<Margins> each = new ArrayList<>(members.size());
        for (ClassifierBounds b : members) {
            each.add(b.margins(x, offset, steps, k, ball));
        }
        return new Head(each, k, ball.radius());
    }

    @Override
    public double minMargin(double[] x, int offset, int steps, int k, Ball ball) {
        return marginBounds(x, offset, steps, k, ball).minLower(ball.radius());
    }

    @Override
    public long multiplyAdds() {
        return members.stream().mapToLong(ClassifierBounds::multiplyAdds).sum();
    }

    /** The head's bounds from the members' passes at {@code radius}. */
    private record Head(List<Margins> members, int k, double radius) implements MarginBounds {

        @Override
        public double minLower(double r) {
            int classes = members.get(0).constant().length;
            double lowK = 0;
            double[] highJ = new double[classes];
            for (Margins m : members) {
                double sum = 1;
                for (int i = 0; i < classes; i++) {
                    if (i != k) {
                        sum += Math.exp(-m.lower(i, r)) * (1 + SLACK);
                    }
                }
                double pk = 1 / sum * (1 - SLACK);
                lowK += pk;
                for (int j = 0; j < classes; j++) {
                    if (j != k) {
                        double pj = Math.min(1 - pk, 1 / (1 + Math.exp(m.lower(j, r)) * (1 - SLACK))) * (1 + SLACK);
                        highJ[j] += Math.min(1, pj);
                    }
                }
            }
            double logK = Math.log(lowK / members.size()) - SLACK * (1 + Math.abs(Math.log(lowK / members.size())));
            double worst = Double.POSITIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                if (j != k) {
                    double logJ = Math.log(highJ[j] / members.size());
                    logJ += SLACK * (1 + Math.abs(logJ));
                    worst = Math.min(worst, logK - logJ);
                }
            }
            return Double.isNaN(worst) ? Double.NEGATIVE_INFINITY : worst;
        }

        @Override
        public double certifiedWithin() {
            if (!(minLower(0) > 0)) {
                return 0;
            }
            if (minLower(radius) > 0) {
                return radius;
            }
            double lo = 0, hi = radius;
            for (int it = 0; it < 60 && hi - lo > 1e-12 * radius; it++) {
                double mid = 0.5 * (lo + hi);
                if (minLower(mid) > 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
