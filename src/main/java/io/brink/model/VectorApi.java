package io.brink.model;

/**
 * Whether Brink's Vector API kernels run (the engine's LSTM passes, the certified radius's bound kernels): they need the
 * incubating module {@code jdk.incubator.vector} (the JVM started with {@code --add-modules jdk.incubator.vector}, as
 * {@code ./brink}, the tests and the container image do); without it the scalar kernels run, with the same results to
 * rounding. The system property {@code brink.vector=false} forces the scalar kernels.
 */
public final class VectorApi {

    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorApi() {
    }

    /** Whether the module is in the JVM. */
    public static boolean present() {
        return MODULE;
    }

    /** True when the Vector API kernels are used. */
    public static boolean enabled() {
        return MODULE && !"false".equalsIgnoreCase(System.getProperty("brink.vector", "true").trim());
    }
}
