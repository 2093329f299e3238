package io.brink.model;

import java.util.List;
import java.util.Locale;

/**
 * How a model's predictive distribution p̄ is formed from several members or passes, and so which
 * uncertainty fields a score carries. A single model without noise or dropout has one member: p̄ = softmax(z)
 * and only the predictive entropy. The others average the softmax of M members or S stochastic passes.
 */
public sealed interface UncertaintyMethod {

    /** The name written in score records ({@code uncertainty_method}). */
    String name();

    /** Members or passes averaged into p̄ (1 for a single model). */
    int members();

    /** One deterministic model. */
    record Single() implements UncertaintyMethod {
        @Override
        public String name() {
            return "single";
        }

        @Override
        public int members() {
            return 1;
        }
    }

    /** A deep ensemble of {@code members} ≥ 2 independently trained networks, p̄ = (1/M) Σ_m softmax(z_m). */
    record Ensemble(int members) implements UncertaintyMethod {
        public Ensemble {
            if (members < 2) {
                throw new IllegalArgumentException("an ensemble has at least 2 members, got " + members);
            }
        }

        @Override
        public String name() {
            return "ensemble";
        }
    }

    /**
     * Test-time Gaussian input noise (random self-ensemble): {@code passes} forward passes at x + σ·ε,
     * ε ~ N(0, I), σ in the model's normalized input units.
     */
    record InputNoise(int passes, double sigma) implements UncertaintyMethod {
        public InputNoise {
            if (passes < 2) {
                throw new IllegalArgumentException("test-time noise needs at least 2 passes, got " + passes);
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw new IllegalArgumentException("test-time noise needs a finite sigma > 0, got " + sigma);
            }
        }

        @Override
        public String name() {
            return "input_noise";
        }

        @Override
        public int members() {
            return passes;
        }
    }

    /**
     * Monte Carlo dropout: {@code passes} forward passes with inverted dropout of probability {@code rate} on the
     * outputs of the recurrent layers {@code layers} (0-based; the top layer's output is the hidden state the head reads).
     */
    record McDropout(int passes, double rate, List<Integer> layers) implements UncertaintyMethod {
        public McDropout {
            layers = List.copyOf(layers);
            if (passes < 2) {
                throw new IllegalArgumentException("MC dropout needs at least 2 passes, got " + passes);
            }
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("MC dropout needs a rate in (0, 1), got " + rate);
            }
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("MC dropout needs at least one layer to drop out");
            }
        }

        @Override
        public String name() {
            return "mc_dropout";
        }

        @Override
        public int members() {
            return passes;
        }
    }

    /**
     * The method a spec names, for a model of {@code members} networks with {@code recurrentLayers} recurrent layers
     * (each member's). An ensemble file makes the method {@code ensemble} whatever the spec.
     */
    static UncertaintyMethod of(UncertaintySpec spec, int members, int recurrentLayers) {
        if (members > 1) {
            if (!spec.method().equals("ensemble") && !spec.method().equals("single")) {
                throw new IllegalArgumentException("an ensemble of " + members + " members cannot also use " + spec.method()
                        + "; its uncertainty comes from its members");
            }
            return new Ensemble(members);
        }
        return switch (spec.method().toLowerCase(Locale.ROOT)) {
            case "single" -> new Single();
            case "ensemble" -> throw new IllegalArgumentException("uncertainty method ensemble needs an ensemble of models"
                    + " (a manifest or a directory of members), not one model file");
            case "input_noise" -> new InputNoise(spec.passes().orElse(UncertaintySpec.DEFAULT_PASSES),
                    spec.sigma().orElseThrow(() -> new IllegalArgumentException("input_noise needs sigma")));
            case "mc_dropout" -> {
                List<Integer> layers = spec.layers().orElseThrow(() -> new IllegalArgumentException("mc_dropout needs layers"));
                for (int l : layers) {
                    if (l < 0 || l >= recurrentLayers) {
                        throw new IllegalArgumentException("mc_dropout layer " + l + " does not exist: the model has "
                                + recurrentLayers + " recurrent layer(s), numbered from 0");
                    }
                }
                yield new McDropout(spec.passes().orElse(UncertaintySpec.DEFAULT_PASSES),
                        spec.rate().orElseThrow(() -> new IllegalArgumentException("mc_dropout needs rate")), layers);
            }
            default -> throw new IllegalArgumentException("unknown uncertainty method " + spec.method()
                    + " (single, ensemble, input_noise, mc_dropout)");
        };
    }
}
