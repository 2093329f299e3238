package io.brink.engine.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One window's results of the stages that ran for it, by key. Immutable. */
public final class StageResults {

    /** No stage ran. */
    public static final StageResults NONE = new StageResults(Map.of());

    private final Map<StageKey<?, ?>, Object> results;

    private StageResults(Map<StageKey<?, ?>, Object> results) {
        this.results = results;
    }

    /** These results with {@code key}'s result {@code value}. */
    public <R> StageResults with(StageKey<?, R> key, R value) {
        Map<StageKey<?, ?>, Object> m = new LinkedHashMap<>(results);
        m.put(key, key.result().cast(java.util.Objects.requireNonNull(value, key.name())));
        return new StageResults(Collections.unmodifiableMap(m));
    }

    /** {@code key}'s result, when the stage ran. */
    public <R> Optional<R> get(StageKey<?, R> key) {
        return Optional.ofNullable(results.get(key)).map(key.result()::cast);
    }

    /** The keys of the stages that ran, in the order they ran. */
    public java.util.Set<StageKey<?, ?>> keys() {
        return results.keySet();
    }

    @Override
    public String toString() {
        return results.keySet().toString();
    }
}
