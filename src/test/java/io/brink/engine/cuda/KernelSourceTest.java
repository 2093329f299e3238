package io.brink.engine.cuda;

import io.brink.engine.device.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CUDA kernels against the Java code that launches them, on any machine: the source compiles with nvcc (when it
 * is on the PATH; these machines have it, GPU or not) for both precisions; every {@link Kernel} exists in the PTX with
 * parameters of the signature's types; every kernel of the source has a {@link Kernel}; and every launch in this
 * package passes as many arguments as its kernel declares (fewer crash inside libcuda).
 */
class KernelSourceTest {

    private static final Path SOURCE = Path.of("src/main/resources/io/brink/engine/cuda", KernelCompiler.SOURCE);
    private static final Path PACKAGE = Path.of("src/main/java/io/brink/engine/cuda");

    @Test
    void kernelsCompileWithTheSignaturesTheLaunchesUse(@TempDir Path dir) throws Exception {
        Path nvcc = nvcc();
        Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: the kernels were not compiled here (a GPU machine compiles "
                + "them with NVRTC)");
        for (Precision p : Precision.values()) {
            String real = p == Precision.FLOAT32 ? "float" : "double";
            Path ptx = dir.resolve(real + ".ptx");
            // The options NVRTC gets on a GPU, less the architecture (sm_90 stands for the H100 here).
            List<String> cmd = new ArrayList<>(List.of(nvcc.toString(), "--ptx", "-arch=sm_90", "-x", "cu", "-o", ptx.toString()));
            for (String o : KernelCompiler.options(p, 9, 0)) {
                if (!o.startsWith("--gpu-architecture")) {
                    cmd.add(o);
                }
            }
            cmd.add(SOURCE.toString());
            Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes());
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "nvcc took too long");
            assertEquals(0, proc.exitValue(), "nvcc failed for " + real + ":\n" + out);
            Map<String, List<String>> entries = entries(Files.readString(ptx));
            for (Kernel k : Kernel.values()) {
                List<String> params = entries.get(k.symbol());
                assertTrue(params != null, k.symbol() + " is not in the " + real + " PTX");
                assertEquals(k.signature().length(), params.size(), k.symbol() + ": parameters in the PTX " + params);
                for (int i = 0; i < params.size(); i++) {
                    String want = switch (k.signature().charAt(i)) {
                        case 'p', 'l' -> "64";
                        case 'i' -> "32";
                        case 'd' -> "f64";
                        default -> "?";
                    };
                    String type = params.get(i);
                    boolean ok = want.equals("f64") ? type.equals(".f64") : type.matches("\\.[us]" + want) || type.equals(".b" + want);
                    assertTrue(ok, k.symbol() + " parameter " + i + " is " + type + " in the PTX, the signature says "
                            + k.signature().charAt(i));
                }
            }
        }
    }

    @Test
    void everyKernelOfTheSourceIsKnownAndEveryLaunchPassesItsArguments() throws Exception {
        String src = Files.readString(SOURCE);
        Set<String> inSource = new TreeSet<>();
        Matcher m = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(").matcher(src);
        while (m.find()) {
            inSource.add(m.group(1));
        }
        Set<String> known = new TreeSet<>();
        for (Kernel k : Kernel.values()) {
            known.add(k.symbol());
        }
        assertEquals(known, inSource, "kernels of " + SOURCE + " and of Kernel");
        EnumSet<Kernel> launched = EnumSet.noneOf(Kernel.class);
        int calls = 0;
        try (Stream<Path> files = Files.list(PACKAGE)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String java = Files.readString(f);
                Matcher call = Pattern.compile("\\.launch(?:Rows)?\\(Kernel\\.(\\w+),").matcher(java);
                while (call.find()) {
                    Kernel k = Kernel.valueOf(call.group(1));
                    List<String> args = arguments(java, call.end() - ("Kernel." + call.group(1) + ",").length() - 1);
                    // launch(kernel, work or rows, kernel arguments...)
                    assertEquals(k.signature().length(), args.size() - 2, f.getFileName() + ": " + k.symbol() + " launched with "
                            + (args.size() - 2) + " arguments " + args.subList(2, args.size()));
                    launched.add(k);
                    calls++;
                }
            }
        }
        assertEquals(EnumSet.allOf(Kernel.class), launched, "kernels never launched");
        assertTrue(calls >= Kernel.values().length);
    }

    @Test
    void aLaunchWithTheWrongArgumentsIsRefusedBeforeTheDriver() {
        try {
            Kernel.ADD_INTO.check(new Object[] {1L, 2L});
            fail("two arguments for three parameters");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("add_into takes 3 arguments"), e.getMessage());
        }
        try {
            Kernel.ADD_INTO.check(new Object[] {1L, 2L, 3});
            fail("an int for a 64-bit count");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("argument 2 must be l"), e.getMessage());
        }
        Kernel.ADD_INTO.check(new Object[] {1L, 2L, 3L});
    }

    /** The arguments of the call whose '(' is at {@code open}, split at top-level commas. */
    private static List<String> arguments(String java, int open) {
        assertEquals('(', java.charAt(open), "a call's parenthesis");
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = open + 1; ; i++) {
            char c = java.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    out.add(cur.toString().trim());
                    return out;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(cur.toString().trim());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
    }

    /** Entry name → parameter types (".u64", ".u32", ".f64", …) from PTX text. */
    private static Map<String, List<String>> entries(String ptx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        Matcher e = Pattern.compile("\\.entry (\\w+)\\(([^)]*)\\)").matcher(ptx);
        while (e.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = Pattern.compile("\\.param (\\.\\w+) ").matcher(e.group(2));
            while (p.find()) {
                types.add(p.group(1));
            }
            out.put(e.group(1), types);
        }
        return out;
    }

    private static Path nvcc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "nvcc");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path usual = Path.of("/usr/local/cuda/bin/nvcc");
        return Files.isExecutable(usual) ? usual : null;
    }
}
