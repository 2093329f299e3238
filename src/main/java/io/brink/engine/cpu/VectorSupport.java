package io.brink.engine.cpu;

import java.util.Locale;

/**
 * Whether the engine uses its Vector API kernels (the LSTM's element-wise forward and tangent passes). They
 * need the incubating module
 * {@code jdk.incubator.vector} (start the JVM with {@code --add-modules jdk.incubator.vector}, as
 * {@code ./brink}, the tests and the container image do); without it the scalar kernels run, with the same
 * results. The system property {@code brink.vector=false} forces the scalar kernels.
 */
public final class VectorSupport {

    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }

    /** True when the Vector API kernels are used. */
    public static boolean enabled() {
        return MODULE && !"false".equalsIgnoreCase(System.getProperty("brink.vector", "true").trim());
    }

    /** One line for logs and benchmark headers. */
    public static String describe() {
        if (enabled()) {
            return String.format(Locale.ROOT, "LSTM element-wise passes on the Vector API (%d doubles per vector)",
                    Vectors.SPECIES.length());
        }
        return MODULE ? "scalar kernels (brink.vector=false)"
                : "scalar kernels (start the JVM with --add-modules jdk.incubator.vector for the Vector API ones)";
    }
}
