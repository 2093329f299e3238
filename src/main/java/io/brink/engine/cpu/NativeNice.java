package io.brink.engine.cpu;

import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * libc's {@code setpriority(PRIO_PROCESS, tid, nice)} through the incubating foreign linker; loaded only when the
 * module {@code jdk.incubator.foreign} is present ({@link ThreadNiceness} checks).
 */
final class NativeNice {

    /** {@code PRIO_PROCESS}: on Linux, a thread id names one thread. */
    private static final int PRIO_PROCESS = 0;
    private static volatile MethodHandle setpriority;

    private NativeNice() {
    }

    static Optional<String> probe() {
        try {
            CLinker linker = CLinker.getInstance();
            var symbol = CLinker.systemLookup().lookup("setpriority");
            if (symbol.isEmpty()) {
                return Optional.of("libc has no setpriority");
            }
            setpriority = linker.downcallHandle(symbol.get(),
                    MethodType.methodType(int.class, int.class, int.class, int.class),
                    FunctionDescriptor.of(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT));
            return Optional.empty();
        } catch (IllegalCallerException e) {
            return Optional.of("native access not enabled (start the JVM with --enable-native-access=ALL-UNNAMED)");
        }
    }

    static boolean set(int tid, int nice) {
        try {
            return (int) setpriority.invokeExact(PRIO_PROCESS, tid, nice) == 0;
        } catch (Throwable e) {
            return false;
        }
    }
}
