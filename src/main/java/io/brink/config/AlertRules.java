package io.brink.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The alert rules' own table: the keys of one rule, {@code alert.rule.NAME.KEY}, with types, defaults,
 * validators and documentation, the rules used when none is configured, and reading one rule.
 */
public final class AlertRules {

    static final String ALERT_FIELD = "field";
    static final String ALERT_HISTORY = "history";
    static final String ALERT_MIN_HISTORY = "min.history";
    static final String ALERT_RAISE_AFTER = "raise.after";
    static final String ALERT_RESOLVE_AFTER = "resolve.after";
    static final String ALERT_SEVERITY = "severity";

    /** The keys of one alert rule, {@code alert.rule.NAME.KEY}; exactly one of the four conditions must be set. */
    public static final ConfigDef CONFIG = new ConfigDef()
            .define(ALERT_FIELD, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The score field the rule watches, by its JSON name (e.g. distance_linear, margin, curvature).")
            .define(AlertRule.Condition.BELOW.key(), Type.DOUBLE, null, Importance.HIGH,
                    "Breach when the field is below this value.")
            .define(AlertRule.Condition.ABOVE.key(), Type.DOUBLE, null, Importance.HIGH,
                    "Breach when the field is above this value.")
            .define(AlertRule.Condition.BELOW_PERCENTILE.key(), Type.DOUBLE, null, Importance.HIGH,
                    "Breach when the field is below this percentile (0-100) of the series' own recent values.")
            .define(AlertRule.Condition.ABOVE_PERCENTILE.key(), Type.DOUBLE, null, Importance.HIGH,
                    "Breach when the field is above this percentile (0-100) of the series' own recent values.")
            .define(ALERT_HISTORY, Type.INT, 200, Range.atLeast(2), Importance.MEDIUM,
                    "Percentile rules: values of the series kept as its history.")
            .define(ALERT_MIN_HISTORY, Type.INT, 50, Range.atLeast(1), Importance.MEDIUM,
                    "Percentile rules: values needed before the rule judges.")
            .define(ALERT_RAISE_AFTER, Type.INT, 3, Range.atLeast(1), Importance.MEDIUM,
                    "Consecutive breaching windows that raise the alert.")
            .define(ALERT_RESOLVE_AFTER, Type.INT, 5, Range.atLeast(1), Importance.MEDIUM,
                    "Consecutive clear windows that resolve it.")
            .define(ALERT_SEVERITY, Type.STRING, "warning", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Severity written to alert records and metric labels.");

    /** The rules used when no {@code alert.rule.*} key is set. */
    public static final List<AlertRule> DEFAULTS = List.of(
            new AlertRule("fragile", "distance_linear", AlertRule.Condition.BELOW, 0.25, 0, 0, 3, 5, "warning"),
            new AlertRule("lowmargin", "margin", AlertRule.Condition.BELOW_PERCENTILE, 5, 200, 50, 2, 5, "info"));

    /** The rule {@code name} from its keys (without the {@code alert.rule.NAME.} prefix); ConfigException says what is wrong. */
    static AlertRule parse(String name, Map<String, Object> props) {
        Map<String, Object> v;
        try {
            for (String key : props.keySet()) {
                if (!CONFIG.names().contains(key)) {
                    throw new ConfigException("unknown key " + BrinkConfig.ALERT_RULE_PREFIX + name + "." + key + "; a rule takes "
                            + new TreeSet<>(CONFIG.names()));
                }
            }
            v = CONFIG.parse(props);
        } catch (ConfigException e) {
            throw new ConfigException("alert rule " + name + ": " + e.getMessage());
        }
        AlertRule.Condition condition = null;
        double threshold = 0;
        for (AlertRule.Condition c : AlertRule.Condition.values()) {
            if (v.get(c.key()) != null) {
                if (condition != null) {
                    throw new ConfigException("alert rule " + name + " has more than one condition");
                }
                condition = c;
                threshold = (Double) v.get(c.key());
            }
        }
        if (condition == null) {
            throw new ConfigException("alert rule " + name + " needs one of below, above, below.percentile, above.percentile");
        }
        try {
            return new AlertRule(name, (String) v.get(ALERT_FIELD), condition, threshold, (Integer) v.get(ALERT_HISTORY),
                    (Integer) v.get(ALERT_MIN_HISTORY), (Integer) v.get(ALERT_RAISE_AFTER), (Integer) v.get(ALERT_RESOLVE_AFTER),
                    (String) v.get(ALERT_SEVERITY));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private AlertRules() {
    }
}
