package io.brink.analyze;

import java.util.List;
import java.util.Map;

/**
 * What an analyze run did: counts, rejected input, wall time, engine worker time per part (forward, gradient, each stage by name, estimates), estimate calibration,
 * how many windows the engine could not score (NaN or infinite results; each left out of the output), and with
 * labels the calibration and conformal coverage of the labelled windows.
 */
public record AnalyzeSummary(long points, int series, int seriesTooShort, long windows, List<BadRecord> badRecords,
                             long badRecordCount, double seconds, Map<String, Long> stageNanos,
                             EstimateCalibration calibration, long unscorable, java.util.Optional<LabelSummary> labelled) {
}
