package io.brink.cli;

import io.brink.config.BrinkConfig;
import io.brink.config.EnvNames;
import io.brink.config.UncertaintyOverride;
import io.brink.engine.DeviceChoice;
import io.brink.engine.EngineOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.model.ModelCard;
import io.brink.model.SequenceClassifier;
import io.brink.model.UncertaintySpec;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/**
 * Engine options shared by commands: device, precision, workers, BLAS threads and the uncertainty method; sets up the
 * engine's runtime once.
 */
public final class EngineMixin {

    @Option(names = "--precision", defaultValue = "FLOAT32", description = "FLOAT32 or FLOAT64 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--workers", description = "engine worker threads (default: one per core)")
    Integer workers;

    @Option(names = "--blas-threads", description = "threads inside one matrix product (default: 1 with several workers)")
    Integer blasThreads;

    @Option(names = "--device", description = "where the engine computes: " + DeviceChoice.NAMES + " (default: $BRINK_DEVICE, "
            + "else the setting device, else cpu); auto uses every GPU when CUDA 13 can be used, else the CPU")
    String device;

    /** The options, after making ND4J's process-wide settings from them (once per process, on the CPU). */
    public EngineOptions options() {
        return options(Optional.ofNullable(System.getenv(EnvNames.of(BrinkConfig.DEVICE))));
    }

    /**
     * The options with the device of the command line, else {@code configured} (a configuration's setting), else the
     * CPU; ND4J's process-wide settings are made from them when the engine runs on the CPU. A device name that is not
     * one is a usage error.
     */
    public EngineOptions options(Optional<String> configured) {
        String name = device != null ? device : configured.orElse("cpu");
        DeviceChoice choice;
        try {
            choice = DeviceChoice.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device: " + e.getMessage());
        }
        EngineOptions o = EngineOptions.defaults().withPrecision(precision).withDevice(choice);
        if (workers != null) {
            o = o.withWorkers(workers);
        }
        if (blasThreads != null) {
            o = o.withBlasThreads(blasThreads);
        }
        if (o.onCpu() || choice instanceof DeviceChoice.Auto) {
            CpuBackend.configure(o.blasThreads());
        }
        return o;
    }

    @Option(names = "--uncertainty", description = "how p̄ is formed for a single model: single, input_noise or mc_dropout"
            + " (default: the model card's; an ensemble always uses its members)")
    String uncertainty;

    @Option(names = "--passes", description = "passes of test-time noise or MC dropout (default: the card's, else "
            + UncertaintySpec.DEFAULT_PASSES + ")")
    Integer passes;

    @Option(names = "--noise-sigma", description = "σ of test-time Gaussian input noise, in normalized input units")
    Double noiseSigma;

    @Option(names = "--dropout-rate", description = "MC dropout probability")
    Double dropoutRate;

    @Option(names = "--dropout-layers", split = ",", description = "recurrent layers (0-based) whose outputs MC dropout drops")
    List<Integer> dropoutLayers;

    /** The model with the uncertainty options given on the command line replacing its card's (unchanged when none is given). */
    public LoadedModel withUncertainty(LoadedModel model) {
        return overlay(model, new UncertaintyOverride(Optional.ofNullable(uncertainty), Optional.ofNullable(passes),
                Optional.ofNullable(noiseSigma), Optional.ofNullable(dropoutRate), Optional.ofNullable(dropoutLayers)));
    }

    /**
     * The model with the configuration's uncertainty settings ({@code uncertainty.*}) replacing its card's, and then the
     * command line's replacing those.
     */
    public LoadedModel withUncertainty(LoadedModel model, UncertaintyOverride config) {
        return withUncertainty(overlay(model, config));
    }

    /** The model with the settings present in {@code o} replacing those of its card's uncertainty spec. */
    private static LoadedModel overlay(LoadedModel model, UncertaintyOverride o) {
        if (!o.any()) {
            return model;
        }
        UncertaintySpec card = model.card().uncertainty().orElse(UncertaintySpec.single());
        return model.withCard(ModelCard.ofUncertainty(new UncertaintySpec(o.method().orElse(card.method()), o.passes().or(card::passes),
                o.sigma().or(card::sigma), o.rate().or(card::rate), o.layers().or(card::layers))));
    }

    /** An engine for {@code model} with these options. */
    public RobustnessEngine engine(SequenceClassifier model) {
        return new RobustnessEngine(model, options());
    }

    /** An engine for a loaded model (its members and uncertainty method) with these options. */
    public RobustnessEngine engine(LoadedModel model) {
        return new RobustnessEngine(model, options());
    }
}
