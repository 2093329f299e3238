/**
 * {@code brink report}: one self-contained HTML page comparing models on the same points — summary table, robust
 * accuracy against the attack radius, distance histograms, curvature against attack distance, how far the Taylor
 * estimates can be trusted, random-direction flip rates, calibration, per-series timelines. The numbers come from
 * the analyze path ({@code WindowAnalyzer}'s records); {@link io.brink.report.ModelStats} reduces them,
 * {@link io.brink.report.Svg} draws charts as inline SVG, {@link io.brink.report.ReportPage} writes the page.
 */
package io.brink.report;
