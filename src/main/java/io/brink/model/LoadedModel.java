package io.brink.model;

import java.util.Objects;

/**
 * A classifier together with its model card, a name used in outputs and a version: for a model read from a
 * file, "sha256:" and the first 16 hex digits of the SHA-256 of the file's bytes and of its card's, so that
 * every score names exactly the weights and card that produced it.
 */
public record LoadedModel(String name, String version, SequenceClassifier classifier, ModelCard card) {

    public LoadedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(classifier, "classifier");
        card = (card == null ? ModelCard.empty() : card).validatedFor(classifier);
    }

    /** The same model with the present fields of {@code override} replacing those of its card. */
    public LoadedModel withCard(ModelCard override) {
        return new LoadedModel(name, version, classifier, card.overriddenBy(override));
    }

    /** The card's normalization for this classifier's inputs. */
    public Normalizer normalizer() {
        return Normalizer.of(card, classifier.inputSize());
    }
}
