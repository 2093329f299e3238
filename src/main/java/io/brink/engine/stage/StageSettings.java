package io.brink.engine.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Which stages run and with what settings: a stage runs when its key has settings here. Immutable. */
public final class StageSettings {

    /** No stage on. */
    public static final StageSettings NONE = new StageSettings(Map.of());

    private final Map<StageKey<?, ?>, Object> settings;

    private StageSettings(Map<StageKey<?, ?>, Object> settings) {
        this.settings = settings;
    }

    /** These settings with {@code key} on at {@code value}. */
    public <S> StageSettings with(StageKey<S, ?> key, S value) {
        Map<StageKey<?, ?>, Object> m = new LinkedHashMap<>(settings);
        m.put(key, key.settings().cast(java.util.Objects.requireNonNull(value, key.name())));
        return new StageSettings(Collections.unmodifiableMap(m));
    }

    /** These settings with {@code key} off. */
    public StageSettings without(StageKey<?, ?> key) {
        Map<StageKey<?, ?>, Object> m = new LinkedHashMap<>(settings);
        m.remove(key);
        return new StageSettings(Collections.unmodifiableMap(m));
    }

    /** The settings of {@code key}, when it is on. */
    public <S> Optional<S> get(StageKey<S, ?> key) {
        return Optional.ofNullable(settings.get(key)).map(key.settings()::cast);
    }

    /** Whether {@code key} is on. */
    public boolean has(StageKey<?, ?> key) {
        return settings.containsKey(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StageSettings s && s.settings.equals(settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return settings.toString();
    }
}
