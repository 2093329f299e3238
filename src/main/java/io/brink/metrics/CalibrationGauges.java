package io.brink.metrics;

import io.brink.calibration.CalibrationSummary;
import io.brink.calibration.ReliabilityBins;
import io.brink.record.CalibrationRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A model's live calibration as Prometheus gauges, read from its latest calibration record: accuracy, ECE, NLL, Brier and
 * the reliability diagram (15 bins, label {@code le} = the bin's upper edge) per scope (rolling, total), conformal
 * coverage, set size, share of full sets and coverage per true class (label {@code class}: its index), the target coverage,
 * the conformal offset, and the label-free accuracy estimate. Registered when the first
 * record arrives (only the instance that runs the calibration task has them); a figure without windows reads NaN.
 * Labels are bounded: 2 scopes × 15 bins, 2 scopes × the model's classes.
 */
final class CalibrationGauges {

    private final MeterRegistry registry;
    private final String model;
    private final AtomicReference<CalibrationRecord> latest = new AtomicReference<>();

    CalibrationGauges(MeterRegistry registry, String model) {
        this.registry = registry;
        this.model = model;
    }

    void update(CalibrationRecord r) {
        if (latest.getAndSet(r) == null) {
            register();
        }
        while (classesRegistered < Math.max(r.conformal().classCoverage().size(), r.conformal().rollingClassCoverage().size())) {
            int k = classesRegistered++;
            for (String scope : List.of("rolling", "total")) {
                gauge("brink.conformal.class.coverage", "share of labelled windows of this true class (index) whose set held it",
                        x -> at(scope.equals("rolling") ? x.conformal().rollingClassCoverage() : x.conformal().classCoverage(), k),
                        "scope", scope, "class", Integer.toString(k));
            }

        }
    }

    private int classesRegistered;

    private static OptionalDouble at(List<OptionalDouble> values, int k) {
        return k < values.size() && values.get(k) != null ? values.get(k) : OptionalDouble.empty();
    }

    private void gauge(String name, String description, Function<CalibrationRecord, OptionalDouble> value, String... tags) {
        Gauge.builder(name, () -> {
            CalibrationRecord r = latest.get();
            OptionalDouble v = r == null ? OptionalDouble.empty() : value.apply(r);
            return v.isPresent() ? v.getAsDouble() : Double.NaN;
        }).description(description).tag("model", model).tags(tags).register(registry);
    }

    private void register() {
        for (String scope : List.of("rolling", "total")) {
            Function<CalibrationRecord, CalibrationSummary> sum = r -> scope.equals("rolling") ? r.rolling() : r.total();
            gauge("brink.calibration.accuracy", "share of labelled windows with argmax p̄ = the realized class",
                    r -> sum.apply(r).accuracy(), "scope", scope);
            gauge("brink.calibration.ece", "expected calibration error, 15 equal-width confidence bins", r -> sum.apply(r).ece(),
                    "scope", scope);
            gauge("brink.calibration.nll", "mean negative log-likelihood of the realized class (nats)", r -> sum.apply(r).nll(),
                    "scope", scope);
            gauge("brink.calibration.brier", "mean Brier score", r -> sum.apply(r).brier(), "scope", scope);
            gauge("brink.calibration.windows", "labelled windows in the scope", r -> OptionalDouble.of(sum.apply(r).windows()),
                    "scope", scope);
            for (int b = 0; b < ReliabilityBins.BINS; b++) {
                int bin = b;
                String le = String.format(Locale.ROOT, "%.3f", (b + 1) / (double) ReliabilityBins.BINS);
                gauge("brink.calibration.bin.windows", "labelled windows whose confidence falls in the bin (upper edge le)",
                        r -> OptionalDouble.of(sum.apply(r).bins().get(bin).count()), "scope", scope, "le", le);
                gauge("brink.calibration.bin.confidence", "mean confidence of the bin's windows",
                        r -> sum.apply(r).bins().get(bin).meanConfidence(), "scope", scope, "le", le);
                gauge("brink.calibration.bin.accuracy", "accuracy of the bin's windows",
                        r -> sum.apply(r).bins().get(bin).accuracy(), "scope", scope, "le", le);
            }
            gauge("brink.conformal.coverage", "share of labelled windows whose class was in their prediction set",
                    r -> scope.equals("rolling") ? r.conformal().rollingCoverage() : r.conformal().coverage(), "scope", scope);
            gauge("brink.conformal.set.size", "mean prediction-set size of the labelled windows",
                    r -> scope.equals("rolling") ? r.conformal().rollingMeanSetSize() : r.conformal().meanSetSize(), "scope", scope);
            gauge("brink.conformal.full.sets", "share of the labelled windows' prediction sets that held every class (abstentions)",
                    r -> scope.equals("rolling") ? r.conformal().rollingFullSetShare() : r.conformal().fullSetShare(), "scope", scope);
        }
        gauge("brink.conformal.offset", "offset of the conformal threshold now, in nats (on the log scale of p)",
                r -> OptionalDouble.of(r.conformal().offset()));
        gauge("brink.conformal.target.coverage", "coverage the sets aim at, 1 - conformal.alpha",
                r -> OptionalDouble.of(1 - r.conformal().alpha()));

        gauge("brink.accuracy.estimated", "accuracy the recent predictions should have before their labels: mean calibrated "
                + "confidence (histogram binning)", CalibrationRecord::estimatedAccuracy);
    }
}
