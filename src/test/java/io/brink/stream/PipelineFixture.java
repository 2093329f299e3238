package io.brink.stream;

import io.brink.config.ConfigLoader;
import io.brink.config.PipelineConfig;
import io.brink.config.Topics;
import io.brink.engine.EngineOptions;
import io.brink.engine.device.Precision;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/** A TopologyTestDriver around Brink's topology with the golden lstm1_linear model (T=6, d=3). */
final class PipelineFixture implements AutoCloseable {

    static final Path MODEL = Path.of("src/test/resources/golden/lstm1_linear.onnx");

    final LoadedModel model;
    final EnginePool backend;
    final TopologyTestDriver driver;
    final Path stateDir;
    final TestInputTopic<String, String> points;
    final TestInputTopic<String, String> outcomes;
    final TestOutputTopic<String, String> scores;
    final TestOutputTopic<String, String> alerts;
    final TestOutputTopic<String, String> dlq;

    PipelineFixture(Properties settings) throws Exception {
        this(settings, PipelineListener.NONE);
    }

    PipelineFixture(Properties settings, PipelineListener listener) throws Exception {
        this(settings, listener, OnnxModelLoader.load(MODEL), Precision.FLOAT64);
    }

    /** The fixture around {@code model}, scored in {@code precision}. */
    PipelineFixture(Properties settings, PipelineListener listener, LoadedModel model, Precision precision) throws Exception {
        this.model = model;
        PipelineConfig config = ConfigLoader.fromProperties(settings);
        if (config.windowing().length().isEmpty()) {
            config = config.withWindowLength(model.card().windowLength().orElseThrow());
        }
        // Tier-1 batches run on the punctuating thread: a finished batch is collected at the next punctuation.
        backend = new EnginePool(model, new EngineOptions(precision, 1, 1), Runnable::run);
        stateDir = Files.createTempDirectory("brink-ttd-");
        driver = new TopologyTestDriver(BrinkTopology.build(model, config, backend, listener),
                BrinkTopology.streamsConfig("dummy:9092", config, new Properties(), stateDir));
        Topics t = config.topics();
        points = driver.createInputTopic(t.points(), new StringSerializer(), new StringSerializer());
        outcomes = driver.createInputTopic(t.outcomes(), new StringSerializer(), new StringSerializer());
        scores = driver.createOutputTopic(t.scores(), new StringDeserializer(), new StringDeserializer());
        alerts = driver.createOutputTopic(t.alerts(), new StringDeserializer(), new StringDeserializer());
        dlq = driver.createOutputTopic(t.deadLetters(), new StringDeserializer(), new StringDeserializer());
    }

    static Properties settings(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return p;
    }

    void point(String series, long ts, double... v) {
        StringBuilder sb = new StringBuilder("{\"series\":\"").append(series).append("\",\"ts\":").append(ts).append(",\"values\":[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6f", v[i]));
        }
        points.pipeInput(series, sb.append("]}").toString());
    }

    /** A smooth test signal for point t of a series. */
    void point(String series, long ts) {
        point(series, ts, Math.sin(ts * 0.7), Math.cos(ts * 0.3), 0.1 * (ts % 5));
    }

    @Override
    public void close() {
        driver.close();
        backend.close();
        io.brink.broker.EmbeddedKafkaBroker.deleteRecursively(stateDir);
    }
}
