package io.brink.bench;

import io.brink.engine.BatchProfile;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.stage.CurvatureStage;
import io.brink.engine.stage.HutchinsonStage;
import io.brink.engine.stage.UncertaintyStage;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.Lanczos;
import io.brink.engine.algorithm.WarmStart;
import io.brink.engine.device.GemmWork;
import io.brink.model.LoadedModel;
import io.brink.model.SequenceClassifier;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference robustness profile benchmark behind {@code brink bench}: forward, gradient, Lanczos
 * with K Hessian-vector products, Hutchinson with M probes and the second-order estimates on the
 * reference model, reported per stage and against the machine's SGEMM rate measured in the same run.
 */
public final class ProfileBench {

    /** Settings of a run. */
    public record Settings(int batch, int iterations, int probes, int repetitions, boolean warmStart, EngineOptions engine) {
    }

    /**
     * Results of the warm-start experiment: mean products per window, cold and warm, the largest relative
     * difference between the two eigenvalues, and the mean |cosine| between a warm start and the eigenvector
     * it converged to (how good a start the previous window gives).
     */
    public record WarmStartResult(double coldProducts, double warmProducts, double maxRelativeDifference, double meanStartCosine,
                                  int windows) {
    }

    private ProfileBench() {
    }

    /** A model to benchmark instead of the reference one, with its resolved window length. */
    public record Given(LoadedModel model, int steps) {
    }

    public static double run(Settings s, PrintStream out) {
        return run(s, Optional.empty(), out);
    }

    /**
     * The benchmark on {@code model} (an ONNX file, an ensemble; with its uncertainty method) instead of the reference
     * model when given: standard normal windows of its card's window length and its features.
     */
    public static double run(Settings s, Optional<Given> given, PrintStream out) {
        int cores = Runtime.getRuntime().availableProcessors();
        LoadedModel model = given.map(Given::model).orElseGet(() -> new LoadedModel("reference", "reference", ReferenceModel.create(0), null));
        int steps = given.map(Given::steps).orElse(ReferenceModel.STEPS);
        int features = model.classifier().inputSize();
        out.printf("brink bench: %s model %s, T=%d, batch %d, K=%d, M=%d, %s, %s%n",
                given.isEmpty() ? "reference" : model.name(), model.describe(), steps, s.batch(), s.iterations(), s.probes(),
                s.engine().precision(), s.engine().onCpu() ? s.engine().workers() + " workers x " + s.engine().blasThreads()
                        + " BLAS threads" : "device " + s.engine().device());
        RobustnessEngine engine = new RobustnessEngine(model, s.engine());
        boolean gpu = !engine.gpus().isEmpty();
        double sgemm;
        if (gpu) {
            sgemm = engine.gpuSgemmRate(8192, 10).orElseThrow() / 1e9;
            out.printf("machine: %s, FP32 SGEMM 8192^3 (TF32 off) = %.1f GFLOP/s (10 products, measured now)%n",
                    io.brink.engine.cuda.CudaBackend.describe(engine.gpus()), sgemm);
        } else {
            sgemm = SgemmProbe.gflops(1024, cores, 5);
            out.printf("machine: %d cores, SGEMM 1024^3 = %.1f GFLOP/s with %d BLAS threads (best of 5)%n", cores, sgemm, cores);
        }
        out.printf("engine: %s%n", engine.describe());
        double[] values = given.isEmpty() ? ReferenceModel.windows(s.batch(), 1) : gaussian(s.batch() * steps * features);
        WindowBatch batch = new WindowBatch(values, s.batch(), steps, features);
        ProfileOptions o = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-3, s.iterations(), true))
                .hutchinson(s.probes()).build();
        double profile;
        try (engine) {
            for (int i = 0; i < 2; i++) {
                engine.profile(batch, o);
            }
            long wall = 0;
            GemmWork gemm = GemmWork.NONE;
            java.util.Map<String, Long> stages = new java.util.LinkedHashMap<>();
            for (int i = 0; i < s.repetitions(); i++) {
                BatchProfile p = engine.profile(batch, o);
                wall += p.wallNanos();
                gemm = gemm.plus(p.gemm());
                p.stageNanos().forEach((name, nanos) -> stages.merge(name, nanos, Long::sum));
            }
            int active = gpu ? engine.gpus().size() : Math.min(s.engine().workers(), Math.max(1, s.batch() / 8));
            double batchSecs = wall / 1e9 / s.repetitions();
            out.printf("%-26s %10s %12s%n", "stage", "ms/batch", "windows/s");
            for (String st : List.of(BatchProfile.FORWARD, BatchProfile.GRADIENT, CurvatureStage.KEY.name(), HutchinsonStage.KEY.name(), BatchProfile.ESTIMATES,
                    UncertaintyStage.KEY.name())) {
                double secs = stages.getOrDefault(st, 0L) / 1e9 / s.repetitions() / active;
                String label = switch (st) {
                    case "curvature" -> "curvature (Lanczos, K=" + s.iterations() + ")";
                    case "hutchinson" -> "hutchinson (M=" + s.probes() + ")";
                    case BatchProfile.ESTIMATES -> "second-order estimates";
                    case "uncertainty" -> "uncertainty (" + model.uncertainty().name() + ")";
                    default -> st;
                };
                out.printf("%-26s %10.1f %12.1f%n", label, secs * 1e3, s.batch() / secs);
            }
            double tier0 = (stages.getOrDefault(BatchProfile.FORWARD, 0L) + stages.getOrDefault(BatchProfile.GRADIENT, 0L)) / 1e9 / s.repetitions() / active;
            out.printf("%-26s %10.1f %12.1f%n", "tier 0 (forward+gradient)", tier0 * 1e3, s.batch() / tier0);
            profile = s.batch() / batchSecs;
            double flopsPerWindow = (double) gemm.flops() / s.repetitions() / s.batch();
            double achieved = gemm.flops() / (wall / 1e9) / 1e9;
            double bound = sgemm * 1e9 / flopsPerWindow;
            out.printf("matrix-product work: %.1f MFLOP/window (%.1f forward-equivalents); achieved %.1f GFLOP/s = %.0f%% of SGEMM%n",
                    flopsPerWindow / 1e6, flopsPerWindow / forwardFlops(model, steps), achieved, 100 * achieved / sgemm);
            out.printf("SGEMM bound: %.1f windows/s; reached %.0f%% of it%n", bound, 100 * profile / bound);
            if (!gpu) {
                printTimeSplit(out, gemm, stages, active, sgemm);
            }
            if (s.warmStart() && given.isEmpty()) {
                for (double phi : new double[] {0.0, 0.98}) {
                    WarmStartResult w = warmStart(engine, 32, 8, phi);
                    out.printf("warm start, %s (%d windows, stride 1, tolerance 1e-3): %.1f Hessian-vector products/window cold, "
                                    + "%.1f warm (%.1fx fewer); max relative eigenvalue difference %.1e; "
                                    + "mean |cos(start, eigenvector)| %.4f%n",
                            phi == 0 ? "i.i.d. noise series" : "AR(1) series phi=" + phi, w.windows(), w.coldProducts(),
                            w.warmProducts(), w.coldProducts() / w.warmProducts(), w.maxRelativeDifference(), w.meanStartCosine());
                }
            }
        }
        out.printf("profile: %.1f windows/s%n", profile);
        return profile;
    }

    private static double[] gaussian(int n) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    /** Matrix-product FLOPs of one forward pass of one window of length T through every member's recurrent layers. */
    static double forwardFlops(LoadedModel model, int steps) {
        double flops = 0;
        for (io.brink.model.Network m : model.members()) {
            List<io.brink.model.RecurrentLayer> layers = m instanceof SequenceClassifier s ? s.recurrent()
                    : ((io.brink.model.graph.Graph) m).recurrentOps().stream().flatMap(r -> r.layers().stream()).toList();
            for (io.brink.model.RecurrentLayer l : layers) {
                flops += 2.0 * steps * l.cell().gates() * l.hiddenSize() * (l.inputSize() + l.hiddenSize());
            }
        }
        return flops;
    }

    /**
     * Where the workers' time went: inside the matrix products, copying their operands, and everything
     * else (element-wise passes, Lanczos and Hutchinson bookkeeping). The products' own rate, with all
     * workers running, caps the share of the SGEMM bound that any amount of work elsewhere could reach.
     */
    private static void printTimeSplit(PrintStream out, GemmWork gemm, java.util.Map<String, Long> stages, int active, double sgemm) {
        long busy = 0;
        for (long st : stages.values()) {
            busy += st;
        }
        double products = (double) gemm.productNanos() / busy;
        double copies = (double) gemm.copyNanos() / busy;
        double productRate = gemm.flops() / (gemm.productNanos() / 1e9 / active) / 1e9;
        out.printf("worker time: matrix products %.0f%%, operand copies %.0f%%, element-wise passes and bookkeeping %.0f%%%n",
                100 * products, 100 * copies, 100 * (1 - products - copies));
        out.printf("the products alone run at %.1f GFLOP/s with %d workers = %.0f%% of SGEMM: the ceiling with zero other work%n",
                productRate, active, 100 * productRate / sgemm);
    }

    /**
     * Consecutive windows (stride 1) of {@code series} AR(1) series with coefficient {@code phi} (0 = i.i.d.
     * noise) and unit variance over {@code rounds} rounds: Lanczos to tolerance 1e-3 from random starts
     * versus from the previous window's eigenvector.
     */
    public static WarmStartResult warmStart(RobustnessEngine engine, int series, int rounds, double phi) {
        int T = ReferenceModel.STEPS;
        int d = ReferenceModel.FEATURES;
        double[] raw = ReferenceModel.windows(series * (T + rounds), 7);
        for (int s = 0; s < series; s++) {
            for (int t = 1; t < T + rounds; t++) {
                for (int k = 0; k < d; k++) {
                    int i = (s * (T + rounds) + t) * d + k;
                    raw[i] = phi * raw[i - d] + Math.sqrt(1 - phi * phi) * raw[i];
                }
            }
        }
        ProfileOptions o = ProfileOptions.builder().curvature(new Lanczos.Settings(1e-3, 200, false)).build();
        double[][] previous = null;
        long cold = 0;
        long warm = 0;
        double maxDiff = 0;
        double cosines = 0;
        int counted = 0;
        for (int r = 0; r < rounds; r++) {
            double[] x = new double[series * T * d];
            for (int s = 0; s < series; s++) {
                System.arraycopy(raw, (s * (T + rounds) + r) * d, x, s * T * d, T * d);
            }
            List<WindowProfile> c = engine.profile(new WindowBatch(x, series, T, d), o).windows();
            List<Optional<double[]>> starts = new ArrayList<>();
            for (int s = 0; s < series; s++) {
                starts.add(previous == null ? Optional.empty() : WarmStart.fromPrevious(Optional.of(previous[s])));
            }
            List<WindowProfile> w = engine.profile(new WindowBatch(x, series, T, d, starts), o).windows();
            previous = new double[series][];
            for (int s = 0; s < series; s++) {
                previous[s] = w.get(s).curvature().orElseThrow().eigenvector();
                if (r > 0) {
                    cold += c.get(s).curvature().orElseThrow().hessianVectorProducts();
                    warm += w.get(s).curvature().orElseThrow().hessianVectorProducts();
                    double nc = c.get(s).curvature().orElseThrow().eigenvalue();
                    double nw = w.get(s).curvature().orElseThrow().eigenvalue();
                    maxDiff = Math.max(maxDiff, Math.abs(nc - nw) / Math.max(Math.abs(nc), 1e-30));
                    cosines += WarmStart.alignment(starts.get(s).orElseThrow(), previous[s]);
                    counted++;
                }
            }
        }
        return new WarmStartResult((double) cold / counted, (double) warm / counted, maxDiff, cosines / counted, counted);
    }
}
