package io.brink.stream;

import io.brink.broker.EmbeddedKafkaBroker;
import io.brink.model.LoadedModel;
import io.brink.onnx.OnnxModelLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests on a real in-process broker (KRaft, started once per test class) with the golden lstm1_linear model. */
abstract class BrokerTest {

    static EmbeddedKafkaBroker broker;
    static LoadedModel model;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(0);
        model = OnnxModelLoader.load(PipelineFixture.MODEL);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }
}
