package io.brink.cli;

import io.brink.config.UncertaintyOverride;
import io.brink.contract.ContractResolver;
import io.brink.contract.ModelContract;
import io.brink.contract.ModelRequest;
import io.brink.engine.EngineOptions;
import io.brink.model.ModelCard;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The model-card options every command that loads a model shares: the window length, names and normalization overriding
 * the card, and {@code --no-card}. {@link #request} turns them into the {@link ModelRequest} the contract is resolved from.
 */
public final class ModelMixin {

    @Option(names = "--window", description = "window length T (default: the model card's window_length, else the ONNX input's "
            + "static time dimension); must agree with a static time dimension")
    Integer window;

    @Option(names = "--class-names", split = ",", description = "override the model card's class names")
    List<String> classNames;

    @Option(names = "--feature-names", split = ",", description = "override the model card's feature names")
    List<String> featureNames;

    @Option(names = "--mean", split = ",", description = "override the normalization mean (one per feature)")
    double[] mean;

    @Option(names = "--std", split = ",", description = "override the normalization std (one per feature)")
    double[] std;

    @Option(names = "--no-card", description = "score a model that has no card: inputs taken as they are (no normalization), "
            + "features by position, classes named by index (without it, a model without a card is refused)")
    boolean noCard;

    /** The request for {@code model}: these options, a window from {@code configuredWindow} when --window is not given. */
    ModelRequest request(Path model, Optional<Integer> configuredWindow, List<UncertaintyOverride> uncertainty) {
        ModelCard override = new ModelCard(Optional.empty(), Optional.ofNullable(featureNames), Optional.ofNullable(classNames),
                Optional.ofNullable(mean), Optional.ofNullable(std), Optional.empty());
        Optional<Integer> w = window != null ? Optional.of(window) : configuredWindow;
        String option = window != null || configuredWindow.isEmpty() ? "--window" : "the setting window.length";
        return new ModelRequest(model, override, w, option, noCard, uncertainty);
    }

    /**
     * Resolves {@code model}'s contract with the command line's options, prints its line (and the no-card warning) on
     * {@code err} prefixed by {@code command}, and returns it.
     */
    ModelContract resolve(String command, Path model, EngineMixin engine, PrintWriter err) throws IOException {
        EngineOptions options = engine.options();
        ModelContract c = ContractResolver.resolve(request(model, Optional.empty(), List.of(engine.uncertaintyOverride())), options);
        announce(command, c, err);
        return c;
    }

    /** Prints the contract's start line and, without a card, the warning. */
    static void announce(String command, ModelContract c, PrintWriter err) {
        err.println("brink " + command + ": " + c.describe());
        ContractResolver.noCardWarning(c).ifPresent(w -> err.println("brink " + command + ": " + w));
        err.flush();
    }
}
