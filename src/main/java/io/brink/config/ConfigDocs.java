package io.brink.config;

import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes docs/configuration.md from {@link BrinkConfig}'s tables, so that the documentation of every setting,
 * its default and its environment variable cannot drift from the code (a test compares the file with
 * {@link #markdown()}). Regenerate with {@code java -cp target/brink.jar io.brink.config.ConfigDocs docs/configuration.md}.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/configuration.md");
        Files.writeString(out, markdown(), StandardCharsets.UTF_8);
        System.out.println("wrote " + out);
    }

    /** The whole page. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Configuration\n\n")
                .append("<!-- Generated from io.brink.config.BrinkConfig by io.brink.config.ConfigDocs; do not edit by hand. -->\n\n")
                .append("`brink run` reads its settings from, in increasing priority: the defaults below, a properties file ")
                .append("(`--config FILE`, see [deploy/brink.properties](../deploy/brink.properties)) and `BRINK_*` environment ")
                .append("variables. Flags (`--window`) override the model card. Unknown keys and `BRINK_*` variables are ")
                .append("reported at start-up and ignored.\n\n")
                .append("Kafka client properties (SASL, TLS, …) pass through to every client (producer, consumer, admin, Streams): ")
                .append("`kafka.*` keys in the file (`kafka.security.protocol=SASL_SSL`) or `KAFKA_*` variables ")
                .append("(`KAFKA_SASL_MECHANISM=PLAIN` sets `sasl.mechanism`).\n");
        List<ConfigDef.ConfigKey> keys = new ArrayList<>(BrinkConfig.CONFIG.configKeys().values());
        keys.sort(Comparator.comparing((ConfigDef.ConfigKey k) -> BrinkConfig.CONFIG.groups().indexOf(k.group))
                .thenComparingInt(k -> k.orderInGroup));
        String group = null;
        for (ConfigDef.ConfigKey k : keys) {
            if (!k.group.equals(group)) {
                group = k.group;
                sb.append("\n## ").append(group).append("\n\n")
                        .append("| key | environment | type | default | valid values | meaning |\n")
                        .append("|---|---|---|---|---|---|\n");
            }
            sb.append(row(k, "`" + k.name + "`", "`" + BrinkConfig.envName(k.name) + "`"));
        }
        sb.append("\n## Alert rules\n\n")
                .append("Each rule is a group of keys `alert.rule.NAME.KEY` (environment: `BRINK_ALERT_RULE_NAME_KEY`, so rule ")
                .append("names have no underscores), with exactly one of the four conditions. A rule judges each window once: a ")
                .append("rule on a field every tier-0 record has on the tier-0 record, any other on the tier-1 record. Without ")
                .append("any `alert.rule.*` key the rules are:\n\n");
        for (AlertRule r : AlertRules.DEFAULTS) {
            sb.append(String.format(Locale.ROOT, "- `%s`: %s %s %s%s, raised after %d windows, resolved after %d, severity %s\n",
                    r.name(), r.field(), r.condition().text(), fmt(r.threshold()),
                    r.condition().relative() ? " of the series' last " + r.history() + " values (after " + r.minHistory() + ")" : "",
                    r.raiseAfter(), r.resolveAfter(), r.severity()));
        }
        sb.append("\n| KEY | type | default | valid values | meaning |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey k : AlertRules.CONFIG.configKeys().values()) {
            sb.append(row(k, "`" + k.name + "`", null));
        }
        return sb.toString();
    }

    private static String row(ConfigDef.ConfigKey k, String name, String env) {
        String def = !k.hasDefault() ? "required" : k.defaultValue == null ? "—" : "`" + defaultText(k) + "`";
        String valid = k.validator == null ? "" : k.validator.toString().replace("|", "\\|");
        return "| " + name + (env == null ? "" : " | " + env) + " | " + k.type.name().toLowerCase(Locale.ROOT) + " | " + def
                + " | " + valid + " | " + k.documentation.replace("|", "\\|") + " |\n";
    }

    private static String defaultText(ConfigDef.ConfigKey k) {
        Object v = k.defaultValue;
        if (v instanceof List<?> l) {
            return String.join(",", l.stream().map(Object::toString).toList());
        }
        return ConfigDef.convertToString(v, k.type);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
