package io.brink.model;

/**
 * The model card's per-feature normalization x ↦ (x − mean)/std, applied to raw points before the model
 * (the identity when the card has none). All of Brink's geometry lives in the normalized space; a
 * perturbation δ there is δ·std in raw units.
 */
public final class Normalizer {

    private final int features;
    private final double[] mean;
    private final double[] std;

    private Normalizer(int features, double[] mean, double[] std) {
        this.features = features;
        this.mean = mean;
        this.std = std;
    }

    /** The normalization of {@code card} (already validated for a model of {@code features} features per step). */
    public static Normalizer of(ModelCard card, int features) {
        return card.mean().isEmpty() ? new Normalizer(features, null, null)
                : new Normalizer(features, card.mean().get().clone(), card.std().orElseThrow().clone());
    }

    /**
     * The largest |normalized value| a window may hold: 10^6 standard deviations from the card's mean. Beyond it
     * float32 products in the model can overflow, and no model trained on standardized data has seen such a value.
     */
    public static final double MAX_ABS = 1e6;

    /**
     * Why a normalized point cannot be scored, if it cannot: a value beyond {@link #MAX_ABS} (or not finite, which
     * normalizing a finite raw value with a tiny std can make it).
     */
    public java.util.Optional<String> outOfRange(double[] normalized, double[] raw) {
        for (int k = 0; k < normalized.length; k++) {
            double v = normalized[k];
            if (!(Math.abs(v) <= MAX_ABS)) {
                return java.util.Optional.of("value " + (k + 1) + " (" + raw[k] + ") is " + (Double.isFinite(v) ? v : "not finite")
                        + " after the model card's normalization, beyond the " + MAX_ABS + " the engine accepts");
            }
        }
        return java.util.Optional.empty();
    }

    /** Features per step d. */
    public int features() {
        return features;
    }

    /** A normalized copy of one raw point (d values). */
    public double[] point(double[] raw) {
        return window(raw);
    }

    /** A normalized copy of a raw window (T × d values, time-major within the window). */
    public double[] window(double[] raw) {
        double[] v = raw.clone();
        if (mean != null) {
            for (int o = 0; o < v.length; o += features) {
                for (int k = 0; k < features; k++) {
                    v[o + k] = (v[o + k] - mean[k]) / std[k];
                }
            }
        }
        return v;
    }

    /** A perturbation of a window (T × d values) in raw units: δ_raw = δ·std per feature. */
    public double[] perturbationToRaw(double[] delta) {
        double[] v = delta.clone();
        if (std != null) {
            for (int o = 0; o < v.length; o += features) {
                for (int k = 0; k < features; k++) {
                    v[o + k] = v[o + k] * std[k];
                }
            }
        }
        return v;
    }
}
