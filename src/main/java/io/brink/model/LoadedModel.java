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

    /** The card's normalization for this classifier's inputs. */
    public Normalizer normalizer() {
        return Normalizer.of(card, classifier.inputSize());
    }
}
