package io.brink.model;

import java.util.Objects;

/** A classifier together with its model card and a name used in outputs. */
public record LoadedModel(String name, SequenceClassifier classifier, ModelCard card) {

    public LoadedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(classifier, "classifier");
        card = (card == null ? ModelCard.empty() : card).validatedFor(classifier);
    }

    /** The same model with the present fields of {@code override} replacing those of its card. */
    public LoadedModel withCard(ModelCard override) {
        return new LoadedModel(name, classifier, card.overriddenBy(override));
    }

    /** Normalizes one raw feature vector in place with the card's mean/std, if any. */
    public void normalize(double[] values, int offset) {
        if (card.mean() == null) {
            return;
        }
        int d = classifier.inputSize();
        for (int k = 0; k < d; k++) {
            values[offset + k] = (values[offset + k] - card.mean()[k]) / card.std()[k];
        }
    }
}
