package io.brink.cli;

import io.brink.engine.stage.OptionValues;
import io.brink.engine.stage.StageOption;
import io.brink.engine.stage.StageSettings;
import io.brink.engine.stage.Stages;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Map;

/**
 * The profile stages' command-line options, generated from the options the stages declare ({@link Stages#options()}):
 * a picocli model transformer adds one option per declared flag to {@code analyze} and {@code report}, with the
 * stage's type, batch default and description, and {@link #settings} reads them back (checked against the
 * declarations) as the stages' settings. A command may give some options its own defaults ({@link Report}).
 */
public class StageCommandOptions implements CommandLine.IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (StageOption o : Stages.options()) {
            if (o.flag().isPresent()) {
                spec.addOption(option(o, defaults().getOrDefault(o.flag().get(), o.batchDefault())));
            }
        }
        return spec;
    }

    /** This command's own defaults, by flag, where they differ from the stages'. */
    Map<String, String> defaults() {
        return Map.of();
    }

    /**
     * The stages' settings from {@code spec}'s parsed options; an option without a flag takes its value from
     * {@code commandValues} (by key), else its batch default. A value that fails its stage's check is refused naming the flag.
     */
    static StageSettings settings(CommandSpec spec, Map<String, Object> commandValues) {
        List<StageOption> options = Stages.options();
        OptionValues values = OptionValues.of(options, o -> o.flag().map(f -> {
            OptionSpec option = spec.findOption(f);
            if (option == null) {
                throw new IllegalStateException(spec.qualifiedName() + " has no option " + f + ": is StageCommandOptions its model transformer?");
            }
            return (Object) option.getValue();
        }).orElse(commandValues.get(o.key())), false, o -> o.flag().orElse(o.key()));
        return Stages.settings(values);
    }

    private static OptionSpec option(StageOption o, String defaultValue) {
        String flag = o.flag().orElseThrow();
        String text = o.description().endsWith(".") ? o.description().substring(0, o.description().length() - 1) : o.description();
        String description = text + " (default: ${DEFAULT-VALUE})";
        OptionSpec.Builder b = OptionSpec.builder(flag).description(description).defaultValue(defaultValue);
        switch (o.kind()) {
            case INT:
                return b.type(Integer.class).paramLabel("<n>").build();
            case DOUBLE:
                return b.type(Double.class).paramLabel("<x>").build();
            case BOOLEAN:
                return b.type(boolean.class).arity("0").negatable(true).fallbackValue("true").build();
            default:
                return b.type(List.class).auxiliaryTypes(String.class).splitRegex(",").paramLabel("<x>").build();
        }
    }

    /** {@code report}'s defaults: more radii, and PGD on (its charts need them). */
    public static final class Report extends StageCommandOptions {

        /** The report's radii for random directions and PGD. */
        static final Map<String, String> DEFAULTS = Map.of("--radii", "0.1,0.2,0.5,1,2", "--pgd-radii", "0.1,0.25,0.5,1,2");

        @Override
        Map<String, String> defaults() {
            return DEFAULTS;
        }
    }
}
