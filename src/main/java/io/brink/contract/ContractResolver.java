package io.brink.contract;

import io.brink.config.UncertaintyOverride;
import io.brink.engine.EngineOptions;
import io.brink.model.CardOrigin;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.UncertaintySpec;
import io.brink.onnx.CardSources;
import io.brink.onnx.ModelSource;
import io.brink.onnx.OnnxModelLoader;
import io.brink.onnx.UnsupportedModelException;

import java.io.IOException;
import java.util.Optional;

/**
 * Resolves a {@link ModelRequest} to a {@link ModelContract}: reads the model's files, refuses a model without a card
 * unless {@code --no-card} says that is intended, applies the command line's card fields and the uncertainty settings,
 * decides the window length ({@link ModelSource#steps}, checked against the ONNX input) and checks the card against the
 * model. Each contradiction is one line naming both sides.
 */
public final class ContractResolver {

    private ContractResolver() {
    }

    /** The contract for {@code request}, computing with {@code engine}. */
    public static ModelContract resolve(ModelRequest request, EngineOptions engine) throws IOException {
        ModelSource source = OnnxModelLoader.read(request.model());
        LoadedModel model = source.model();
        CardOrigin origin = source.card();
        ModelCard override = request.cardOverride();
        boolean overridesCard = override.featureNames().isPresent() || override.classNames().isPresent() || override.mean().isPresent()
                || override.std().isPresent();
        boolean windowFromInput = source.windowFromInput();
        if (request.noCard()) {
            // Inputs taken as they are: whatever card the files hold is set aside, as asked.
            model = model.withoutCard();
            origin = CardOrigin.none();
            windowFromInput = source.input().steps().isPresent();
            if (windowFromInput) {
                model = model.withCard(ModelCard.ofWindowLength(source.input().steps().get()));
            }
        } else if (!origin.present() && !overridesCard) {
            throw new UnsupportedModelException("no model card for " + request.model() + ": looked in "
                    + CardSources.cardSearch(request.model()) + ". Without one Brink would score raw, unnormalized values "
                    + "with classes named by index. Write " + cardName(request) + " ({\"window_length\": T, \"feature_names\": [...], "
                    + "\"class_names\": [...], \"mean\": [...], \"std\": [...]}; README, 'Model card') or put it in the ONNX "
                    + "metadata_props (tools/brink_card.py), or pass --no-card to score the inputs as they are");
        }
        if (overridesCard) {
            origin = origin.then("command line");
        }
        ModelSource.Steps steps = new ModelSource(model, origin, source.input(), windowFromInput)
                .steps(request.window(), request.windowOption());
        ModelCard windowed = override.overriddenBy(ModelCard.ofWindowLength(steps.value()));
        try {
            model = model.withCard(windowed);
            for (UncertaintyOverride u : request.uncertainty()) {
                model = withUncertainty(model, u);
            }
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("the card of " + request.model() + " (" + origin.describe() + ") does not fit the model: "
                    + e.getMessage(), e);
        }
        if (!(model.classifier() instanceof io.brink.model.SequenceClassifier)) {
            tryGraph(request, model, steps.value(), engine);
        }
        return new ModelContract(request.model(), model, origin, steps.value(), steps.from(), engine);
    }

    /**
     * A model served as a graph of ops runs once on two zero windows of the contract's length before anything is scored,
     * so that a graph that cannot run on such windows (a reshape that fixes the time length, a non-zero initial state,
     * a device that cannot run it) is refused at start, in one line, not window by window.
     */
    private static void tryGraph(ModelRequest request, LoadedModel model, int steps, EngineOptions engine) {
        int d = model.classifier().inputSize();
        try (io.brink.engine.RobustnessEngine e = new io.brink.engine.RobustnessEngine(model, engine)) {
            e.profile(new io.brink.engine.WindowBatch(new double[2 * steps * d], 2, steps, d),
                    io.brink.engine.ProfileOptions.builder().build());
        } catch (RuntimeException e) {
            throw new UnsupportedModelException(request.model() + " (" + model.classifier().describe() + ") cannot run on windows of "
                    + steps + " × " + d + ": " + e.getMessage(), e);
        }
    }

    /** The model alone, resolved as {@link #resolve} does (for a reload of the same request). */
    public static LoadedModel model(ModelRequest request, EngineOptions engine) throws IOException {
        return resolve(request, engine).model();
    }

    private static String cardName(ModelRequest request) {
        String file = request.model().getFileName().toString();
        return file.endsWith(".onnx") ? file.replaceFirst("\\.onnx$", ".card.json") : "a card";
    }

    /** The model with the settings present in {@code o} replacing those of its card's uncertainty spec. */
    private static LoadedModel withUncertainty(LoadedModel model, UncertaintyOverride o) {
        if (!o.any()) {
            return model;
        }
        UncertaintySpec card = model.card().uncertainty().orElse(UncertaintySpec.single());
        return model.withCard(ModelCard.ofUncertainty(new UncertaintySpec(o.method().orElse(card.method()), o.passes().or(card::passes),
                o.sigma().or(card::sigma), o.rate().or(card::rate), o.layers().or(card::layers))));
    }

    /** The warning line for a contract without a card (empty when it has one). */
    public static Optional<String> noCardWarning(ModelContract c) {
        if (c.card().present()) {
            return Optional.empty();
        }
        return Optional.of("warning: scoring without a model card (--no-card): inputs taken as they are (no normalization), features by "
                + "position, classes named by index " + c.classNames());
    }
}
