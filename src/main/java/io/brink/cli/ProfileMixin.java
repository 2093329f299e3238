package io.brink.cli;

import io.brink.calibration.CalibrationSettings;
import io.brink.engine.ProfileOptions;
import io.brink.engine.algorithm.HvpMode;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.Pgd;
import io.brink.model.bounds.Certifier;
import io.brink.engine.algorithm.RandomDirections;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * What to compute for each window and how, shared by {@code analyze} and {@code report}: the batch, the curvature, Hutchinson, attack and random-direction settings, the seed and the
 * conformal settings. The stride and the random directions' radii are each command's own (their defaults differ).
 */
public final class ProfileMixin {

    @Option(names = "--batch", defaultValue = "256", description = "windows profiled together (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--curvature-tolerance", defaultValue = "1e-3",
            description = "Lanczos stops at residual ≤ tol·|largest Ritz value| (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--max-hvp", defaultValue = "50", description = "Hessian-vector products per window at most (default: ${DEFAULT-VALUE})")
    int maxHvp;

    @Option(names = "--hutchinson-probes", defaultValue = "8", description = "probes for the Hessian Frobenius norm, 0 = skip (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--hvp", defaultValue = "EXACT", description = "EXACT or FINITE_DIFFERENCE (default: ${DEFAULT-VALUE})")
    HvpMode hvp;

    @Option(names = "--no-attack", description = "skip the verified attack")
    boolean noAttack;

    @Option(names = "--attack-steps", defaultValue = "50", description = "linearization steps of the attack (default: ${DEFAULT-VALUE})")
    int attackSteps;

    @Option(names = "--pgd-steps", defaultValue = "10", description = "projected gradient steps of L2 PGD per radius (default: ${DEFAULT-VALUE})")
    int pgdSteps;

    @Option(names = "--certify-passes", defaultValue = "8",
            description = "bound propagations per window and norm in the certified-radius search (default: ${DEFAULT-VALUE})")
    int certifyPasses;

    @Option(names = "--certify-tolerance", defaultValue = "0.05",
            description = "relative gap at which the certified-radius search stops (default: ${DEFAULT-VALUE})")
    double certifyTolerance;

    @Option(names = "--directions", defaultValue = "32", description = "random directions per radius (default: ${DEFAULT-VALUE})")
    int directions;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "flip fraction that defines the safe radius (default: ${DEFAULT-VALUE})")
    double epsilon;

    @Option(names = "--no-warm-start", description = "start every eigenvector search from a random vector")
    boolean noWarmStart;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--conformal-alpha", defaultValue = "0.1", description = "target miscoverage of the sets (default: ${DEFAULT-VALUE})")
    double conformalAlpha;

    @Option(names = "--conformal-gamma", defaultValue = "" + CalibrationSettings.DEFAULT_GAMMA,
            description = "step of the conformal sets' offset, in nats per batch of outcomes (default: ${DEFAULT-VALUE})")
    double conformalGamma;

    @Option(names = "--conformal-batch", defaultValue = "" + CalibrationSettings.DEFAULT_BATCH,
            description = "outcomes per step of the conformal offset (default: ${DEFAULT-VALUE})")
    int conformalBatch;

    @Option(names = "--conformal-window", defaultValue = "500", description = "recent calibration scores of the conformal quantile"
            + " (default: ${DEFAULT-VALUE})")
    int conformalWindow;

    @Option(names = "--calibration-window", defaultValue = "1000", description = "labelled windows in the rolling calibration"
            + " window, and of the rolling coverage in the labels summary (default: ${DEFAULT-VALUE})")
    int calibrationWindow;

    /**
     * What to compute per window, with random directions at {@code radii} and L2 PGD at {@code pgdRadii} (the command's
     * options; "none" skips them).
     */
    ProfileOptions profile(List<String> radii, List<String> pgdRadii) {
        return profile(radii, pgdRadii, 0);
    }

    /**
     * As {@link #profile(List, List)}, with the certified radius for one window in {@code certifyEvery} (1: all, as
     * analyze asks; a sample for report; 0: none).
     */
    ProfileOptions profile(List<String> radii, List<String> pgdRadii, int certifyEvery) {
        ProfileOptions.Builder b = ProfileOptions.builder()
                .curvature(new Lanczos.Settings(tolerance, maxHvp, false))
                .hutchinson(probes)
                .hvpMode(hvp)
                .seed(seed);
        if (!noAttack) {
            b.attack(attackSteps);
        }
        if (!none(radii)) {
            b.randomDirections(new RandomDirections.Settings(radii.stream().mapToDouble(r -> radius("--radii", r)).toArray(), directions,
                    epsilon));
        }
        if (!none(pgdRadii)) {
            double[] eps = pgdRadii.stream().mapToDouble(r -> radius("--pgd-radii", r)).sorted().distinct().toArray();
            try {
                b.pgd(new Pgd.Settings(eps, pgdSteps));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--pgd-radii/--pgd-steps: " + e.getMessage());
            }
        }
        if (certifyEvery > 0) {
            try {
                b.certify(new Certifier.Settings(certifyPasses, certifyTolerance, certifyEvery));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--certify-passes/--certify-tolerance: " + e.getMessage());
            }
        }
        return b.build();
    }

    CalibrationSettings calibration() {
        return new CalibrationSettings(calibrationWindow, conformalAlpha, conformalGamma, conformalWindow,
                CalibrationSettings.defaults().estimateWindow(), conformalBatch);
    }

    private static boolean none(List<String> values) {
        return values == null || values.size() == 1 && values.get(0).equalsIgnoreCase("none");
    }

    private static double radius(String option, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes numbers or 'none', got '" + text + "'");
        }
    }
}
