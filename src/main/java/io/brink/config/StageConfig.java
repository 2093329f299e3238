package io.brink.config;

import io.brink.engine.stage.OptionValues;
import io.brink.engine.stage.StageOption;
import io.brink.engine.stage.StageSettings;
import io.brink.engine.stage.Stages;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;

/**
 * The stream's {@code tier1.<option>} rows, generated from the options the profile stages declare
 * ({@link Stages#options()}): each with the stage's type, stream default, check and description, so that a new stage's
 * settings reach the configuration table, its environment variables and docs/configuration.md without an edit here.
 */
final class StageConfig {

    private StageConfig() {
    }

    /** {@code def} with a row per declared stage option in {@code group}, ordered from {@code firstOrder}. */
    static ConfigDef define(ConfigDef def, String group, int firstOrder) {
        int order = firstOrder;
        for (StageOption o : Stages.options()) {
            def.define(o.streamKey(), type(o), o.kind() == StageOption.Kind.NUMBERS ? o.streamDefault() : o.parse(o.streamDefault()),
                    validator(o), Importance.LOW, doc(o), group, order++, Width.SHORT, o.streamKey());
        }
        return def;
    }

    /** The stage settings of tier 1 from {@code config}'s values (already validated by the rows' validators). */
    static StageSettings read(AbstractConfig config) {
        List<StageOption> options = Stages.options();
        java.util.Map<String, ?> parsed = config.values();
        OptionValues values;
        try {
            values = OptionValues.of(options, o -> parsed.get(o.streamKey()), true, StageOption::streamKey);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            return Stages.settings(values);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tier1 stage settings: " + e.getMessage());
        }
    }

    private static Type type(StageOption o) {
        switch (o.kind()) {
            case INT:
                return Type.INT;
            case DOUBLE:
                return Type.DOUBLE;
            case BOOLEAN:
                return Type.BOOLEAN;
            default:
                return Type.LIST;
        }
    }

    private static ConfigDef.Validator validator(StageOption o) {
        return ConfigDef.LambdaValidator.with((name, value) -> {
            try {
                OptionValues.of(List.of(o), x -> value, true, StageOption::streamKey);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            }
        }, () -> o.kind() == StageOption.Kind.BOOLEAN ? "true or false" : o.kind() == StageOption.Kind.NUMBERS
                ? "'none' or numbers " + o.check().describe() + ", comma-separated" : o.check().describe());
    }

    private static String doc(StageOption o) {
        return o.description() + o.flag().map(f -> " (On the command line of analyze and report: " + f + ".)").orElse("");
    }
}
