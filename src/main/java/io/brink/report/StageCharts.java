package io.brink.report;

import java.util.List;

/** The registry of the stages' report charts, one line per stage with a chart, in the page's order. */
final class StageCharts {

    private static final List<StageChart> ALL = List.of(
            new CurvatureChart(),
            new RandomDirectionsChart(),
            new BracketCharts());

    private StageCharts() {
    }

    /** Every registered chart, in the page's order. */
    static List<StageChart> all() {
        return ALL;
    }
}
