package io.brink.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * What a model expects and means: window length, feature and class names, and an optional per-feature
 * normalization {@code (x - mean) / std} applied before the model. Read from ONNX metadata_props or a
 * sidecar JSON file; any field may be absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        @JsonProperty("window_length") Integer windowLength,
        @JsonProperty("feature_names") List<String> featureNames,
        @JsonProperty("class_names") List<String> classNames,
        @JsonProperty("mean") double[] mean,
        @JsonProperty("std") double[] std) {

    /** A card with nothing in it. */
    public static ModelCard empty() {
        return new ModelCard(null, null, null, null, null);
    }

    /** Fields of {@code override} that are present replace those of this card. */
    public ModelCard overriddenBy(ModelCard override) {
        return new ModelCard(
                override.windowLength != null ? override.windowLength : windowLength,
                override.featureNames != null ? override.featureNames : featureNames,
                override.classNames != null ? override.classNames : classNames,
                override.mean != null ? override.mean : mean,
                override.std != null ? override.std : std);
    }

    /** Checks the card against the classifier it describes and returns it. */
    public ModelCard validatedFor(SequenceClassifier classifier) {
        int d = classifier.inputSize();
        if (windowLength != null && windowLength < 1) {
            throw new IllegalArgumentException("window_length must be at least 1, got " + windowLength);
        }
        if (featureNames != null && featureNames.size() != d) {
            throw new IllegalArgumentException("model card names " + featureNames.size() + " features but the model takes " + d);
        }
        if (classNames != null && classNames.size() != classifier.numClasses()) {
            throw new IllegalArgumentException("model card names " + classNames.size() + " classes but the model has "
                    + classifier.numClasses());
        }
        if ((mean == null) != (std == null)) {
            throw new IllegalArgumentException("model card normalization needs both mean and std");
        }
        if (mean != null) {
            if (mean.length != d || std.length != d) {
                throw new IllegalArgumentException("normalization mean/std need " + d + " values each");
            }
            for (double s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("normalization std must be positive, got " + s);
                }
            }
        }
        return this;
    }

    /** Name of class {@code k}: from the card, or the index as text. */
    public String className(int k) {
        return classNames != null ? classNames.get(k) : Integer.toString(k);
    }
}
