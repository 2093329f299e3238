package io.brink.config;

import java.util.Locale;

/**
 * The environment variable of a setting: {@code BRINK_} and the key in upper case with dots as underscores
 * ({@code batch.size} → {@code BRINK_BATCH_SIZE}). A class of its own so that commands that read one variable (the
 * engine's {@code BRINK_DEVICE}) need not load the Kafka configuration classes.
 */
public final class EnvNames {

    private EnvNames() {
    }

    public static String of(String key) {
        return "BRINK_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
