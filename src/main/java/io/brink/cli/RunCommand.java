package io.brink.cli;

import io.brink.metrics.BrinkMetrics;
import io.brink.metrics.MetricsServer;
import io.brink.model.LoadedModel;
import io.brink.contract.ContractResolver;
import io.brink.contract.ModelContract;
import io.brink.contract.ModelRequest;
import io.brink.engine.EngineOptions;
import io.brink.config.ConfigLoader;
import io.brink.config.PipelineConfig;
import io.brink.stream.BrinkPipeline;
import io.brink.stream.EnginePool;
import io.brink.stream.PipelineHealth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import io.brink.reload.ModelEventPublisher;
import io.brink.reload.ModelReloader;
import io.brink.reload.ModelValidator;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code brink run}: the pipeline against any Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run Brink's Kafka Streams pipeline against a cluster: points -> windows -> batched, tiered scores and alerts.",
                "Settings: a properties file (--config) with BRINK_* environment overrides (BRINK_BATCH_SIZE sets batch.size); "
                        + "Kafka client properties (SASL, SSL, ...) from kafka.* keys in the file or KAFKA_* variables "
                        + "(KAFKA_SASL_MECHANISM sets sasl.mechanism). Flags override the model card."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, HOST:PORT[,...]")
    String bootstrap;

    @Option(names = "--model", required = true, description = "ONNX model file, ensemble manifest (*.json) or directory of members")
    Path model;

    @Option(names = "--config", description = "properties file (see deploy/brink.properties)")
    Path config;

    @Option(names = "--state-dir", description = "Kafka Streams state directory (default: a temporary one, deleted on exit)")
    Path stateDir;

    @Option(names = "--metrics-address", defaultValue = "0.0.0.0:9464",
            description = "where /metrics, /health and /fragile are served, HOST:PORT (default: ${DEFAULT-VALUE})")
    String metricsAddress;

    @Mixin
    ModelMixin modelOptions;

    @Mixin
    EngineMixin engineOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.Loaded settings = ConfigLoader.load(config, System.getenv());
        PipelineConfig configured = settings.config();
        EngineOptions options = engineOptions.options(configured);
        java.util.OptionalInt configuredWindow = configured.windowing().length();
        ModelRequest request = modelOptions.request(model, configuredWindow.isPresent() ? Optional.of(configuredWindow.getAsInt())
                : Optional.empty(), List.of(configured.uncertainty(), engineOptions.uncertaintyOverride()));
        ModelContract contract = ContractResolver.resolve(request, options);
        ModelMixin.announce("run", contract, new java.io.PrintWriter(System.err, true));
        LoadedModel loaded = contract.model();
        PipelineConfig c = configured.withWindowLength(contract.windowLength());
        int colon = metricsAddress.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--metrics-address must be HOST:PORT, got " + metricsAddress);
        }
        BrinkMetrics metrics = new BrinkMetrics(loaded.name());
        metrics.modelServing(loaded.version());
        AtomicReference<BrinkPipeline> running = new AtomicReference<>();
        // Claim the metrics port first: a busy port fails here, before anything else has started.
        MetricsServer server = new MetricsServer(metricsAddress.substring(0, colon), Integer.parseInt(metricsAddress.substring(colon + 1)),
                metrics, () -> running.get() == null ? PipelineHealth.Status.starting() : running.get().health().status());
        EnginePool backend = new EnginePool(loaded, options);
        BrinkPipeline pipeline;
        try {
            pipeline = BrinkPipeline.start(bootstrap, loaded, c, settings.kafka(), backend, metrics, stateDir);
        } catch (RuntimeException e) {
            backend.close();
            server.close();
            throw e;
        }
        running.set(pipeline);
        metrics.bind(pipeline, c);
        ModelEventPublisher events = new ModelEventPublisher(bootstrap, settings.kafka(), c.topics().modelEvents());
        ModelReloader reloader = new ModelReloader(model, () -> ContractResolver.model(request, options), backend,
                new ModelValidator(contract.windowLength(), options.precision()),
                List.of(metrics::modelEvent, events)).start(c.reloadIntervalMs());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            reloader.close();
            server.close();
            pipeline.close();
            events.close();
            backend.close();
            stopped.countDown();
        }, "brink-run-shutdown"));
        System.err.printf("brink run: on %s, topics %s, scoring on %s; metrics on http://%s/metrics; "
                        + "%s; Ctrl-C to stop%n", bootstrap, c.topics(),
                backend.describe(), server.address(),
                c.reloadIntervalMs() > 0 ? "watching " + model.getFileName() + " for new versions every " + c.reloadIntervalMs() + " ms"
                        : "model reload off");
        stopped.await();
        return 0;
    }
}
