package io.brink.engine.cuda;

import io.brink.engine.device.Precision;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Compiles Brink's kernels ({@code brink_kernels.cu}, a resource of this package) with NVRTC to a cubin for one GPU
 * architecture and precision, and caches the cubin on disk under a name made from the SHA-256 of the source, the
 * options and NVRTC's version, so a GPU machine compiles once. The cache directory is {@code brink.cuda.cache} (a
 * system property), else the setting {@code cuda.cache} ({@code BRINK_CUDA_CACHE}, through the configuration), else
 * {@code ~/.cache/brink/cuda}; when it cannot be written the
 * kernels are compiled in every process.
 */
public final class KernelCompiler {

    /** The kernel source's resource name. */
    public static final String SOURCE = "brink_kernels.cu";

    private static final Logger LOG = LoggerFactory.getLogger(KernelCompiler.class);
    /** Cubins compiled or read in this process, by cache key: every GPU device of one architecture shares one. */
    private static final java.util.Map<String, byte[]> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private KernelCompiler() {
    }

    /** The kernel source text. */
    public static String source() {
        try (InputStream in = KernelCompiler.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the kernel source " + SOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The compiler options for a precision and an architecture (compute capability major.minor). */
    public static List<String> options(Precision precision, int major, int minor) {
        return List.of("--gpu-architecture=sm_" + major + minor, "-DBRINK_REAL=" + (precision == Precision.FLOAT32 ? "float" : "double"),
                "--std=c++17");
    }

    /** A cubin of the kernels for this precision and architecture, from the cache or compiled now. */
    static byte[] cubin(Precision precision, int major, int minor) {
        String src = source();
        List<String> options = options(precision, major, minor);
        String key = sha256(src + "\n" + String.join(" ", options) + "\nnvrtc " + nvrtcVersion());
        return LOADED.computeIfAbsent(key, k -> cubin(src, options, k, precision, major, minor));
    }

    private static byte[] cubin(String src, List<String> options, String key, Precision precision, int major, int minor) {
        Path cached = cacheDir().map(d -> d.resolve("brink-" + key.substring(0, 24) + ".cubin")).orElse(null);
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                return Files.readAllBytes(cached);
            } catch (IOException e) {
                LOG.warn("could not read cached kernels {}: {}; compiling them", cached, e.getMessage());
            }
        }
        long start = System.nanoTime();
        byte[] bin = compile(src, options);
        LOG.info("compiled Brink's CUDA kernels for sm_{}{} ({}) in {} ms", major, minor, precision, (System.nanoTime() - start) / 1_000_000);
        if (cached != null) {
            try {
                Files.createDirectories(cached.getParent());
                Path tmp = Files.createTempFile(cached.getParent(), "brink-", ".tmp");
                Files.write(tmp, bin);
                Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("could not cache the compiled kernels in {}: {}", cached.getParent(), e.getMessage());
            }
        }
        return bin;
    }

    private static String nvrtcVersion() {
        int[] major = new int[1];
        int[] minor = new int[1];
        nvrtc.nvrtcVersion(major, minor);
        return major[0] + "." + minor[0];
    }

    private static byte[] compile(String src, List<String> options) {
        _nvrtcProgram program = new _nvrtcProgram();
        checkNvrtc(nvrtc.nvrtcCreateProgram(program, new BytePointer(src), new BytePointer(SOURCE), 0, (PointerPointer<?>) null,
                (PointerPointer<?>) null), "nvrtcCreateProgram");
        try {
            PointerPointer<BytePointer> opts = new PointerPointer<>(options.toArray(new String[0]));
            int rc = nvrtc.nvrtcCompileProgram(program, options.size(), opts);
            if (rc != nvrtc.NVRTC_SUCCESS) {
                throw new IllegalStateException("NVRTC could not compile " + SOURCE + " (" + String.join(" ", options) + "): "
                        + nvrtc.nvrtcGetErrorString(rc).getString() + "\n" + log(program));
            }
            try (SizeTPointer size = new SizeTPointer(1)) {
                checkNvrtc(nvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
                byte[] bin = new byte[(int) size.get()];
                checkNvrtc(nvrtc.nvrtcGetCUBIN(program, bin), "nvrtcGetCUBIN");
                return bin;
            }
        } finally {
            nvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(_nvrtcProgram program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            if (nvrtc.nvrtcGetProgramLogSize(program, size) != nvrtc.NVRTC_SUCCESS) {
                return "";
            }
            byte[] text = new byte[(int) size.get()];
            nvrtc.nvrtcGetProgramLog(program, text);
            return new String(text, StandardCharsets.UTF_8).trim();
        }
    }

    private static void checkNvrtc(int rc, String call) {
        if (rc != nvrtc.NVRTC_SUCCESS) {
            throw new IllegalStateException("NVRTC " + call + " failed: " + nvrtc.nvrtcGetErrorString(rc).getString());
        }
    }

    private static volatile Path configuredCache;

    /** Uses {@code dir} as the cache directory (the setting cuda.cache, BRINK_CUDA_CACHE); set before the first GPU opens. */
    public static void useCacheDirectory(Path dir) {
        configuredCache = dir;
    }

    private static java.util.Optional<Path> cacheDir() {
        String dir = System.getProperty("brink.cuda.cache");
        if (dir != null && !dir.isBlank()) {
            return java.util.Optional.of(Path.of(dir));
        }
        if (configuredCache != null) {
            return java.util.Optional.of(configuredCache);
        }
        String home = System.getProperty("user.home");
        return home == null ? java.util.Optional.empty() : java.util.Optional.of(Path.of(home, ".cache", "brink", "cuda"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
