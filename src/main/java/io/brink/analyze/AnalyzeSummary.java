package io.brink.analyze;

import java.util.List;

/** What an analyze run did: counts, rejected input and wall time. */
public record AnalyzeSummary(long points, int series, int seriesTooShort, long windows, List<BadRecord> badRecords,
                             long badRecordCount, double seconds) {
}
