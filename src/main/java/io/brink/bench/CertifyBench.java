package io.brink.bench;

import io.brink.analyze.PointFileReader;
import io.brink.analyze.SeriesWindows;
import io.brink.engine.BatchProfile;
import io.brink.engine.EngineOptions;
import io.brink.engine.ProfileOptions;
import io.brink.engine.RobustnessEngine;
import io.brink.engine.WindowBatch;
import io.brink.engine.WindowOutcome;
import io.brink.engine.WindowProfile;
import io.brink.engine.algorithm.AttackOutcome;
import io.brink.engine.algorithm.Pgd;
import io.brink.engine.stage.Certification;
import io.brink.engine.stage.CertifiedStage;
import io.brink.model.LoadedModel;
import io.brink.model.Normalizer;
import io.brink.model.bounds.Certifier;
import io.brink.model.bounds.KernelRate;
import io.brink.onnx.OnnxModelLoader;
import io.brink.window.Window;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The certified-radius measurements of docs/certified.md ({@code brink bench --certify}): for each model, windows spread
 * evenly over a points file are profiled with the attack, L2 PGD and the certified stage; printed: the certified
 * stage's time per window (worker-thread time: one core per window), the bound passes per window (L2 + L∞), the median certified/attack ratio, the share of
 * windows with a nonzero certificate and of exactly bracketed ones, L∞ certificates, and the attack before and after its
 * refinement by PGD's flips (with the count of windows where it is above PGD's flipping radius: 0 after); and the bound
 * passes' multiply-adds per window with the time they would take at the rate of their kernel alone (measured in the same
 * run): the floor of this method on one core, whatever the overheads around the products.
 */
public final class CertifyBench {

    private static final double[] PGD_RADII = {0.1, 0.25, 0.5, 1, 2};

    /**
     * The shape the kernel's rate is measured on: rows I and −I of a gate node of the demo's LSTM (2 · 4 · 32) through its
     * 128 × 32 recurrent weights, the products that dominate its passes.
     */
    private static final int[] KERNEL_SHAPE = {256, 128, 32};

    private CertifyBench() {
    }

    /** Measures each model on {@code windows} windows of {@code points}. */
    public static void run(List<Path> models, Path points, int windows, Certifier.Settings settings, EngineOptions options,
                           PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "brink bench --certify: %d windows per model from %s; attack 50 steps, L2 PGD 10 steps at %s, "
                + "certificate %d passes, tolerance %.2f; %s%n", windows, points, Arrays.toString(PGD_RADII), settings.passes(),
                settings.tolerance(), options);
        double rate = KernelRate.multiplyAddsPerSecond(KERNEL_SHAPE[0], KERNEL_SHAPE[1], KERNEL_SHAPE[2], 1);
        out.printf(Locale.ROOT, "the bound passes' Λ·W kernel alone on one thread (%d × %d × %d): %.2f G multiply-adds/s%n", KERNEL_SHAPE[0],
                KERNEL_SHAPE[1], KERNEL_SHAPE[2], rate / 1e9);
        out.println("model                        windows  ms/window  passes L2 + Linf  median cert/attack  nonzero  bracketed  median cert L2  "
                + "median cert Linf  median attack before → after  attack > PGD before → after  G multiply-adds/window  "
                + "ms/window at the kernel's rate");
        for (Path m : models) {
            LoadedModel model = OnnxModelLoader.load(m);
            WindowBatch batch = sample(model, points, windows);
            try (RobustnessEngine engine = new RobustnessEngine(model, options)) {
                ProfileOptions base = ProfileOptions.builder().attack(50).build();
                BatchProfile before = engine.profile(batch, base);
                BatchProfile after = engine.profile(batch, base.toBuilder().pgd(new Pgd.Settings(PGD_RADII, 10)).certify(settings).build());
                report(m.getFileName().toString(), before, after, rate, out);
            }
        }
    }

    private static void report(String name, BatchProfile before, BatchProfile after, double rate, PrintStream out) {
        int n = after.outcomes().size();
        List<Double> ratio = new ArrayList<>(), l2 = new ArrayList<>(), linf = new ArrayList<>(), attackBefore = new ArrayList<>(),
                attackAfter = new ArrayList<>();
        int nonzero = 0, bracketed = 0, certified = 0, aboveBefore = 0, aboveAfter = 0;
        long passesL2 = 0, passesLinf = 0, multiplyAdds = 0;
        for (int r = 0; r < n; r++) {
            WindowOutcome o = after.outcomes().get(r);
            if (!(o instanceof WindowProfile w)) {
                continue;
            }
            WindowProfile b = (WindowProfile) before.outcomes().get(r);
            double pgdFlip = w.pgd().orElseThrow().stream().filter(Pgd.Flip::flipped).mapToDouble(Pgd.Flip::radius).min()
                    .orElse(Double.POSITIVE_INFINITY);
            if (b.attack() instanceof AttackOutcome.Flip f) {
                attackBefore.add(f.distance());
                aboveBefore += f.distance() > pgdFlip ? 1 : 0;
            } else if (Double.isFinite(pgdFlip)) {
                aboveBefore++;
            }
            if (w.attack() instanceof AttackOutcome.Flip f) {
                attackAfter.add(f.distance());
                aboveAfter += f.distance() > pgdFlip ? 1 : 0;
            } else if (Double.isFinite(pgdFlip)) {
                aboveAfter++;
            }
            if (w.certification() instanceof Certification.Proven c) {
                certified++;
                passesL2 += c.l2().passes();
                passesLinf += c.linf().passes();
                multiplyAdds += c.l2().multiplyAdds() + c.linf().multiplyAdds();
                l2.add(c.l2().radius());
                linf.add(c.linf().radius());
                nonzero += c.l2().radius() > 0 ? 1 : 0;
                bracketed += c.bracketed() ? 1 : 0;
                if (w.attack() instanceof AttackOutcome.Flip f) {
                    ratio.add(c.l2().radius() / f.distance());
                }
            }
        }
        double ms = after.stageNanos().getOrDefault(CertifiedStage.KEY.name(), 0L) / 1e6 / Math.max(1, certified);
        double work = (double) multiplyAdds / Math.max(1, certified);
        out.printf(Locale.ROOT, "%-28s %7d  %9.0f  %6.1f + %-6.1f  %18.3f  %7d  %9d  %14.4g  %16.4g  %13.4g → %-13.4g  %11d → %-4d  %22.2f  %9.0f%n",
                name, n, ms,
                (double) passesL2 / Math.max(1, certified), (double) passesLinf / Math.max(1, certified),
                median(ratio), nonzero, bracketed, median(l2), median(linf), median(attackBefore), median(attackAfter), aboveBefore,
                aboveAfter, work / 1e9, work / rate * 1e3);
    }

    /** {@code count} windows of the model's length spread evenly over the file's windows (stride 1), normalized. */
    static WindowBatch sample(LoadedModel model, Path points, int count) throws IOException {
        int T = model.card().windowLength().orElse(32), d = model.classifier().inputSize();
        PointFileReader.Contents contents = PointFileReader.read(points, model.card().featureNames());
        List<Window> all = new ArrayList<>();
        SeriesWindows.cut(contents.points(), T, 1, d).values().forEach(all::addAll);
        if (all.isEmpty()) {
            throw new IllegalArgumentException(points + " has no window of " + T + " points for " + model.name());
        }
        Normalizer norm = model.normalizer();
        int n = Math.min(count, all.size());
        double[] values = new double[n * T * d];
        for (int i = 0; i < n; i++) {
            Window w = all.get((int) ((long) i * all.size() / n));
            System.arraycopy(norm.window(w.values()), 0, values, i * T * d, T * d);
        }
        return new WindowBatch(values, n, T, d);
    }

    private static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
