package io.brink.cli;

import io.brink.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code brink broker}: a real Kafka broker in this process, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a real single-node Kafka broker (KRaft) in-process, print its bootstrap address, and serve until Ctrl-C. "
                + "Any Kafka client (kcat, kafka-console-consumer) can connect.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "listener port on localhost (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(names = "--log-dir", description = "keep the broker's data here, across restarts (default: a temporary directory, deleted on exit)")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = logDir == null ? EmbeddedKafkaBroker.start(port)
                : EmbeddedKafkaBroker.start(port, Files.createDirectories(logDir), false);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "brink-broker-shutdown"));
        System.out.println("brink broker: Kafka is listening, bootstrap servers " + broker.bootstrapServers());
        System.out.println("brink broker: log directory " + broker.logDir() + (logDir == null ? " (deleted on exit)" : " (kept)")
                + "; Ctrl-C to stop");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
