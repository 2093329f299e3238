package io.brink.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in this JVM: KRaft in combined broker+controller mode, started from
 * Kafka's own server classes on a log directory (formatted when new, reused as it is otherwise, so that a
 * broker can be stopped and started again on its data), listening on localhost. Any Kafka client can connect
 * to {@link #bootstrapServers()}; with {@link Sasl} it accepts only SASL/PLAIN-authenticated clients.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final int port;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDir, boolean deleteOnClose, int port) {
        this.server = server;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
    }

    /** Starts a broker on {@code port} (0 = any free port) with a temporary log directory. */
    public static EmbeddedKafkaBroker start(int port) {
        try {
            return start(port, Files.createTempDirectory("brink-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log directory for the embedded broker", e);
        }
    }

    /**
     * SASL/PLAIN on the client listener: the broker authenticates as {@code admin} to itself and accepts
     * {@code admin} and each of {@code users} (name → password). Authentication only; no ACLs.
     */
    public record Sasl(String admin, String adminPassword, java.util.Map<String, String> users) {

        /** The client properties a user connects with. */
        public Properties clientProperties(String user, String password) {
            Properties p = new Properties();
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "PLAIN");
            p.put("sasl.jaas.config", jaas(user, password, ""));
            return p;
        }

        static String jaas(String user, String password, String extra) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\""
                    + password + "\"" + extra + ";";
        }
    }

    /** Starts a broker on {@code port} (0 = any free port) storing its log in {@code logDir}, formatted when new. */
    public static EmbeddedKafkaBroker start(int port, Path logDir, boolean deleteOnClose) {
        return start(port, logDir, deleteOnClose, java.util.Optional.empty());
    }

    /**
     * Starts a broker on {@code port} (0 = any free port) storing its log in {@code logDir}: formatted when new, else
     * started again on what it holds (the controller's port is kept in the directory); with {@code sasl}, clients must
     * authenticate.
     */
    public static EmbeddedKafkaBroker start(int port, Path logDir, boolean deleteOnClose, java.util.Optional<Sasl> sasl) {
        int brokerPort = port == 0 ? freePort() : port;
        boolean fresh = !Files.exists(logDir.resolve("meta.properties"));
        int controllerPort = controllerPort(logDir, fresh);
        String dir = logDir.toAbsolutePath().toString();
        String protocol = sasl.isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", protocol + "://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", protocol + "://localhost:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", protocol);
        p.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        sasl.ifPresent(s -> {
            StringBuilder users = new StringBuilder(" user_" + s.admin() + "=\"" + s.adminPassword() + "\"");
            s.users().forEach((u, pw) -> users.append(" user_").append(u).append("=\"").append(pw).append('"'));
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", Sasl.jaas(s.admin(), s.adminPassword(), users.toString()));
        });
        p.put("log.dirs", dir);
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        if (fresh) {
            format(dir);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafkaBroker(server, logDir, deleteOnClose, brokerPort);
    }

    /** The controller's port: a free one for a new directory (written there), the one written before otherwise. */
    private static int controllerPort(Path logDir, boolean fresh) {
        Path file = logDir.resolve("brink-controller-port");
        try {
            if (!fresh && Files.exists(file)) {
                return Integer.parseInt(Files.readString(file).trim());
            }
            int port = freePort();
            Files.createDirectories(logDir);
            Files.writeString(file, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the controller's port in " + logDir, e);
        }
    }

    private static void format(String dir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's log directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The address clients use, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    /** Deletes a directory tree, ignoring what is already gone. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
