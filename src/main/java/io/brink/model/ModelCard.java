package io.brink.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model expects and means: window length, feature and class names, an optional per-feature
 * normalization {@code (x - mean) / std} applied before the model ({@link Normalizer}), and how its uncertainty
 * is measured ({@link UncertaintySpec}: test-time noise, MC dropout). Read from ONNX
 * metadata_props or a sidecar JSON file; any field may be absent.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        @JsonProperty("window_length") Optional<Integer> windowLength,
        @JsonProperty("feature_names") Optional<List<String>> featureNames,
        @JsonProperty("class_names") Optional<List<String>> classNames,
        @JsonProperty("mean") Optional<double[]> mean,
        @JsonProperty("std") Optional<double[]> std,
        @JsonProperty("uncertainty") Optional<UncertaintySpec> uncertainty) {

    public ModelCard {
        windowLength = orEmpty(windowLength);
        featureNames = orEmpty(featureNames).map(List::copyOf);
        classNames = orEmpty(classNames).map(List::copyOf);
        mean = orEmpty(mean);
        std = orEmpty(std);
        uncertainty = orEmpty(uncertainty);
    }

    /** Jackson leaves a field missing from the JSON null; here that is one more way of saying "absent". */
    private static <T> Optional<T> orEmpty(Optional<T> v) {
        return Objects.requireNonNullElse(v, Optional.empty());
    }

    /** A card with nothing in it. */
    public static ModelCard empty() {
        return new ModelCard(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A card that says only the window length. */
    public static ModelCard ofWindowLength(int steps) {
        return empty().overriddenBy(new ModelCard(Optional.of(steps), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
    }

    /** A card that says only how uncertainty is measured. */
    public static ModelCard ofUncertainty(UncertaintySpec spec) {
        return new ModelCard(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(spec));
    }

    /** Fields of {@code override} that are present replace those of this card. */
    public ModelCard overriddenBy(ModelCard override) {
        return new ModelCard(
                override.windowLength.or(() -> windowLength),
                override.featureNames.or(() -> featureNames),
                override.classNames.or(() -> classNames),
                override.mean.or(() -> mean),
                override.std.or(() -> std),
                override.uncertainty.or(() -> uncertainty));
    }

    /** Checks the card against the classifier it describes and returns it. */
    public ModelCard validatedFor(Network classifier) {
        int d = classifier.inputSize();
        if (windowLength.isPresent() && windowLength.get() < 1) {
            throw new IllegalArgumentException("window_length must be at least 1, got " + windowLength.get());
        }
        if (featureNames.isPresent() && featureNames.get().size() != d) {
            throw new IllegalArgumentException("the card names " + featureNames.get().size() + " features " + featureNames.get()
                    + " but the model takes " + d + " per step");
        }
        if (classNames.isPresent() && classNames.get().size() != classifier.numClasses()) {
            throw new IllegalArgumentException("the card names " + classNames.get().size() + " classes " + classNames.get()
                    + " but the model has " + classifier.numClasses() + " outputs");
        }
        if (mean.isPresent() != std.isPresent()) {
            throw new IllegalArgumentException("model card normalization needs both mean and std");
        }
        if (mean.isPresent()) {
            if (mean.get().length != d || std.get().length != d) {
                throw new IllegalArgumentException("normalization mean/std need " + d + " values each, one per feature; got "
                        + mean.get().length + " and " + std.get().length);
            }
            for (double s : std.get()) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("normalization std must be positive, got " + s);
                }
            }
        }
        return this;
    }

    /** Name of class {@code k}: from the card, or the index as text. */
    public String className(int k) {
        return classNames.map(n -> n.get(k)).orElse(Integer.toString(k));
    }

    /** Index of the class named {@code label} (by the card's names, or as an index), if the model has one. */
    public Optional<Integer> classIndex(String label, int classes) {
        if (classNames.isPresent() && classNames.get().contains(label)) {
            return Optional.of(classNames.get().indexOf(label));
        }
        try {
            int k = Integer.parseInt(label.trim());
            return k >= 0 && k < classes ? Optional.of(k) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
