package io.brink.config;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the pipeline's settings from, in increasing priority: {@link BrinkConfig}'s defaults, a properties file,
 * and {@code BRINK_*} environment variables (named by {@link BrinkConfig#envName}; {@code BRINK_BATCH_SIZE} sets
 * {@code batch.size}, {@code BRINK_ALERT_RULE_FRAGILE_BELOW} sets {@code alert.rule.fragile.below}). Kafka client
 * properties pass through from {@code kafka.*} keys in the file and {@code KAFKA_*} variables
 * ({@code KAFKA_SASL_MECHANISM} sets {@code sasl.mechanism}). Unknown keys and variables are reported, not used.
 */
public final class ConfigLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    /** BRINK_ variables that are not settings: the launcher's JVM options. */
    private static final Set<String> NOT_SETTINGS = Set.of("BRINK_JAVA_OPTS");
    /** KAFKA_ variables of Kafka's own scripts, not client properties. */
    private static final Set<String> NOT_CLIENT_PROPERTIES = Set.of("KAFKA_HEAP_OPTS", "KAFKA_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_JMX_OPTS", "KAFKA_DEBUG");
    private static final String ENV_ALERT_RULE = BrinkConfig.envName(BrinkConfig.ALERT_RULE_PREFIX);

    /** The settings and Kafka client properties read. */
    public record Loaded(PipelineConfig config, Properties kafka) {
    }

    private ConfigLoader() {
    }

    /** Settings from {@code file} (null: none) overridden by {@code env}. */
    public static Loaded load(Path file, Map<String, String> env) throws IOException {
        Properties p = new Properties();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config file not found: " + file);
            }
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        Properties kafka = new Properties();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(BrinkConfig.KAFKA_PREFIX)) {
                kafka.put(key.substring(BrinkConfig.KAFKA_PREFIX.length()), p.getProperty(key));
                p.remove(key);
            }
        }
        Map<String, String> byEnvName = new HashMap<>();
        for (String key : BrinkConfig.CONFIG.names()) {
            byEnvName.put(BrinkConfig.envName(key), key);
        }
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            String k = e.getKey();
            if (byEnvName.containsKey(k)) {
                p.put(byEnvName.get(k), e.getValue());
            } else if (k.startsWith(ENV_ALERT_RULE)) {
                p.put(k.toLowerCase(Locale.ROOT).replace('_', '.').substring("brink.".length()), e.getValue());
            } else if (k.startsWith("BRINK_") && !NOT_SETTINGS.contains(k)) {
                LOG.warn("ignoring environment variable {}: no Brink setting has that name (see docs/configuration.md)", k);
            } else if (k.startsWith("KAFKA_") && k.length() > 6 && !NOT_CLIENT_PROPERTIES.contains(k)) {
                kafka.put(k.substring(6).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue());
            }
        }
        return new Loaded(fromProperties(p), kafka);
    }

    /**
     * Settings from the environment alone (BRINK_* variables over the defaults), for the commands that take no
     * configuration file: their device comes from here when the command line names none.
     */
    public static PipelineConfig fromEnvironment(Map<String, String> env) throws IOException {
        return load(null, env).config();
    }

    /** Settings from properties (keys as in deploy/brink.properties, without kafka.* keys). */
    public static PipelineConfig fromProperties(Properties p) {
        Set<String> unknown = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (!BrinkConfig.CONFIG.names().contains(key) && !key.startsWith(BrinkConfig.ALERT_RULE_PREFIX)
                    && !key.startsWith(BrinkConfig.KAFKA_PREFIX)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            LOG.warn("ignoring unknown settings {} (see docs/configuration.md)", unknown);
        }
        try {
            return new BrinkConfig(p).pipeline();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("bad setting: " + e.getMessage(), e);
        }
    }
}
