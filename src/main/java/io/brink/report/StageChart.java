package io.brink.report;

import io.brink.engine.stage.StageKey;

import java.util.List;

/**
 * A profile stage's own chart in the report, drawn from the fields its section writes into the score records (a stage
 * that did not run leaves them empty, and the chart says so). Registered in {@link StageCharts}; a new stage with a chart
 * adds one class implementing this and one line there.
 */
interface StageChart {

    /** The stage whose fields the chart reads. */
    StageKey<?, ?> stage();

    /** Adds the chart's figures (one or more) for these models. */
    void draw(List<ModelStats> models, ReportCharts.Figure figure);
}
