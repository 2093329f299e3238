package io.brink.engine.cpu;

import io.brink.model.VectorApi;

import java.util.Locale;

/**
 * Whether the engine uses its Vector API kernels (the LSTM's element-wise forward and tangent passes): {@link VectorApi}
 * decides (the module present, {@code brink.vector} not {@code false}); this adds the engine's one-line description.
 */
public final class VectorSupport {

    private VectorSupport() {
    }

    /** True when the Vector API kernels are used. */
    public static boolean enabled() {
        return VectorApi.enabled();
    }

    /** One line for logs and benchmark headers. */
    public static String describe() {
        if (enabled()) {
            return String.format(Locale.ROOT, "LSTM element-wise passes on the Vector API (%d doubles per vector)",
                    Vectors.SPECIES.length());
        }
        return VectorApi.present() ? "scalar kernels (brink.vector=false)"
                : "scalar kernels (start the JVM with --add-modules jdk.incubator.vector for the Vector API ones)";
    }
}
