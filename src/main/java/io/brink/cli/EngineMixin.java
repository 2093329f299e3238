package io.brink.cli;

import io.brink.config.ConfigLoader;
import io.brink.config.PipelineConfig;
import io.brink.config.UncertaintyOverride;
import io.brink.engine.cuda.KernelCompiler;
import io.brink.engine.EngineOptions;
import io.brink.engine.cpu.CpuBackend;
import io.brink.engine.device.DeviceChoice;
import io.brink.engine.device.Precision;
import io.brink.model.UncertaintySpec;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/**
 * Engine options shared by commands: device, precision, workers, BLAS threads and the uncertainty method. The options are
 * built once per command ({@link #options}): the device from --device, else the configuration ({@code device}, or
 * {@code BRINK_DEVICE} through {@link ConfigLoader}), else the CPU; ND4J's process-wide settings are made from them then.
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

    private EngineOptions built;

    /** The options with the device of the command line, else the environment's BRINK_DEVICE, else the CPU. */
    public EngineOptions options() {
        if (built == null) {
            try {
                built = options(ConfigLoader.fromEnvironment(System.getenv()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return built;
    }

    /**
     * The options with the device of the command line, else {@code configured} (the configuration's, resolved by
     * {@link ConfigLoader}); built once, and ND4J's process-wide settings made from them when the engine may run on the CPU.
     * A device name that is not one is a usage error.
     */
    public EngineOptions options(PipelineConfig configured) {
        if (built != null) {
            return built;
        }
        configured.cudaCache().ifPresent(KernelCompiler::useCacheDirectory);
        DeviceChoice choice;
        try {
            choice = device != null ? DeviceChoice.parse(device) : configured.device();
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
        built = o;
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

    /** The uncertainty settings given on the command line (none set when none is given). */
    public UncertaintyOverride uncertaintyOverride() {
        return new UncertaintyOverride(Optional.ofNullable(uncertainty), Optional.ofNullable(passes), Optional.ofNullable(noiseSigma),
                Optional.ofNullable(dropoutRate), Optional.ofNullable(dropoutLayers));
    }
}
