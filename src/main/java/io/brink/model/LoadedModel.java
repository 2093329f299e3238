package io.brink.model;

import java.util.List;
import java.util.Objects;

/**
 * A model as Brink serves it: one classifier or an ensemble of members with the same input signature, its
 * model card, a name used in outputs and a version: for a model read from files, "sha256:" and the first 16
 * hex digits of the SHA-256 of the files' bytes (members, manifest, cards), so that every score names exactly
 * the weights and card that produced it.
 *
 * @param members the networks, at least one; an ensemble when more (all take the same features and give the same classes)
 */
public record LoadedModel(String name, String version, List<? extends Network> members, ModelCard card) {

    public LoadedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        members = List.copyOf(Objects.requireNonNull(members, "members"));
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one member");
        }
        Network first = members.get(0);
        for (int m = 1; m < members.size(); m++) {
            Network c = members.get(m);
            if (c.inputSize() != first.inputSize() || c.numClasses() != first.numClasses()) {
                throw new IllegalArgumentException("ensemble member " + m + " takes " + c.inputSize() + " features and gives "
                        + c.numClasses() + " classes; member 0 takes " + first.inputSize() + " and gives " + first.numClasses());
            }
        }
        card = (card == null ? ModelCard.empty() : card).validatedFor(first);
        uncertaintyOf(members, card);
    }

    /** A model of one classifier. */
    public LoadedModel(String name, String version, Network classifier, ModelCard card) {
        this(name, version, List.of(classifier), card);
    }

    /** The first member: the input signature every member shares (features, classes). */
    public Network classifier() {
        return members.get(0);
    }

    /** How p̄ is formed: ensemble for several members, otherwise the card's method (single by default). */
    public UncertaintyMethod uncertainty() {
        return uncertaintyOf(members, card);
    }

    private static UncertaintyMethod uncertaintyOf(List<? extends Network> members, ModelCard card) {
        return UncertaintyMethod.of(card.uncertainty().orElse(UncertaintySpec.single()), members.size(),
                members.get(0).recurrentLayers());
    }

    /** The same model with the present fields of {@code override} replacing those of its card. */
    public LoadedModel withCard(ModelCard override) {
        return new LoadedModel(name, version, members, card.overriddenBy(override));
    }

    /** The same model with an empty card (no names, no normalization, no window length). */
    public LoadedModel withoutCard() {
        return new LoadedModel(name, version, members, ModelCard.empty());
    }

    /** The card's normalization for this classifier's inputs. */
    public Normalizer normalizer() {
        return Normalizer.of(card, classifier().inputSize());
    }

    /** One line: the architecture, and the ensemble size or uncertainty method. */
    public String describe() {
        UncertaintyMethod u = uncertainty();
        String arch = classifier().describe();
        if (u instanceof UncertaintyMethod.Ensemble e) {
            return "ensemble of " + e.members() + " × " + arch;
        }
        if (u instanceof UncertaintyMethod.InputNoise n) {
            return arch + ", test-time noise σ=" + n.sigma() + " × " + n.passes() + " passes";
        }
        if (u instanceof UncertaintyMethod.McDropout d) {
            return arch + ", MC dropout p=" + d.rate() + " on layers " + d.layers() + " × " + d.passes() + " passes";
        }
        return arch;
    }
}
