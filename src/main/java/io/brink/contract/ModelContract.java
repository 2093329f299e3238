package io.brink.contract;

import io.brink.engine.EngineOptions;
import io.brink.engine.device.DeviceChoice;
import io.brink.model.CardOrigin;
import io.brink.model.LoadedModel;
import io.brink.model.UncertaintyMethod;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What a command scores, resolved once: the model (card overrides and uncertainty settings applied, window length set),
 * where its card came from, the window length and where that came from, and the engine options with the device. Every
 * command prints {@link #describe()} at start.
 *
 * @param file the model's path as given
 * @param windowFrom where the window length came from, e.g. "card, agrees with the ONNX input" or "--window"
 */
public record ModelContract(Path file, LoadedModel model, CardOrigin card, int windowLength, String windowFrom, EngineOptions engine) {

    /** Features per step. */
    public int featureCount() {
        return model.classifier().inputSize();
    }

    /** The features' names in the model's order, when the card names them. */
    public Optional<List<String>> featureNames() {
        return model.card().featureNames();
    }

    /** The classes' names: the card's, else their indices. */
    public List<String> classNames() {
        return IntStream.range(0, model.classifier().numClasses()).mapToObj(model.card()::className).toList();
    }

    /** Whether raw values are normalized by the card's mean/std before the model. */
    public boolean normalized() {
        return model.card().mean().isPresent();
    }

    /** How p̄ is formed. */
    public UncertaintyMethod uncertainty() {
        return model.uncertainty();
    }

    /** Where the engine computes. */
    public DeviceChoice device() {
        return engine.device();
    }

    /**
     * One line: "model eustock-vol-lstm (sha256:…): LSTM(1→32) LSTM(32→32) Dense(32→3); card from metadata_props; window 32
     * (card, agrees with the ONNX input); features log_return_pct; classes calm, normal, turbulent; normalization on;
     * uncertainty single; device cpu (FLOAT32)".
     */
    public String describe() {
        return String.format(Locale.ROOT, "model %s (%s): %s; %s; window %d (%s); features %s; classes %s; normalization %s; "
                        + "uncertainty %s; device %s (%s)",
                model.name(), model.version(), model.describe(), card.describe(), windowLength, windowFrom,
                featureNames().map(n -> String.join(", ", n)).orElse(featureCount() + " unnamed (taken by position)"),
                String.join(", ", classNames()), normalized() ? "on" : "off", uncertainty().name(), engine.device(),
                engine.precision());
    }
}
