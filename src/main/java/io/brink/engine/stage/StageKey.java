package io.brink.engine.stage;

import java.util.Objects;

/**
 * Names a stage, the type of its settings and the type of its per-window result: the typed handle by which options
 * turn a stage on and results are read back.
 *
 * @param name     the stage's name (lower case, as timings and docs print it)
 * @param settings the settings type (present in the options: the stage runs)
 * @param result   the per-window result type
 */
public record StageKey<S, R>(String name, Class<S> settings, Class<R> result) {

    public StageKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(result, "result");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a stage name is lower case letters, digits and _: " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
