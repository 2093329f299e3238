package io.brink.engine.cuda;

/**
 * Brink's CUDA kernels ({@code brink_kernels.cu}) with their parameter lists, so a launch is checked before it reaches
 * the driver ({@code cuLaunchKernel} reads one host cell per declared parameter and crashes inside libcuda when given
 * fewer). Signature letters: {@code p} a device address and {@code l} a 64-bit integer (both {@link Long}),
 * {@code i} an {@link Integer}, {@code d} a {@link Double}. A test compiles the source with nvcc and checks each
 * signature against the kernel's PTX parameters, and each call site's argument count against its signature.
 */
enum Kernel {
    TO_TIME_MAJOR("ppiii"),
    TO_BATCH_FIRST("ppiiii"),
    ROW_DOT("ppppiip"),
    ROW_AXPY("pppppii"),
    ROW_SCALE("pppiii"),
    ROW_COPY("ppppii"),
    ROW_SHIFTED("ppppppii"),
    ADD_INTO("ppl"),
    DROPOUT_APPLY("pppdl"),
    LSTM_FORWARD_STEP("pppppiii"),
    LSTM_BACKWARD_STEP("ppppppppppiiiii"),
    LSTM_TANGENT_FORWARD_STEP("pppppppiiii"),
    LSTM_TANGENT_BACKWARD_STEP("ppppppppppppiiii"),
    GRU_FORWARD_STEP("ppppppiii"),
    GRU_BACKWARD_STEP("pppppppppiiiii"),
    GRU_TANGENT_FORWARD_STEP("pppppppiiii"),
    GRU_TANGENT_BACKWARD_STEP("pppppppppppiiii"),
    ELMAN_FORWARD_STEP("pppiii"),
    ELMAN_BACKWARD_STEP("ppppppiiiii"),
    ELMAN_TANGENT_FORWARD_STEP("ppppiiii"),
    ELMAN_TANGENT_BACKWARD_STEP("pppppppiiii"),
    DENSE_FORWARD("pppiii"),
    DENSE_BACKWARD("pppppiii"),
    DENSE_TANGENT_FORWARD("pppppiii"),
    DENSE_TANGENT_BACKWARD("pppppppiii");

    private final String signature;

    Kernel(String signature) {
        this.signature = signature;
    }

    /** The kernel's name in the source (its {@code extern "C"} symbol). */
    String symbol() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One letter per parameter: p, l, i or d. */
    String signature() {
        return signature;
    }

    /** Throws naming the kernel and the parameter unless {@code args} match the signature. */
    void check(Object[] args) {
        if (args.length != signature.length()) {
            throw new IllegalArgumentException(symbol() + " takes " + signature.length() + " arguments, got " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            char c = signature.charAt(i);
            boolean ok = switch (c) {
                case 'p', 'l' -> args[i] instanceof Long;
                case 'i' -> args[i] instanceof Integer;
                case 'd' -> args[i] instanceof Double;
                default -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException(symbol() + " argument " + i + " must be " + c + ", got "
                        + (args[i] == null ? "null" : args[i].getClass().getSimpleName()));
            }
        }
    }
}
