/**
 * {@code brink analyze}, the offline path: read a points file ({@link io.brink.analyze.PointFileReader}),
 * cut it into windows by the pipeline's windowing rule ({@link io.brink.analyze.SeriesWindows}), profile
 * them in batches and write one score record per window ({@link io.brink.analyze.WindowAnalyzer}), and
 * compare the distance estimates with the verified attack ({@link io.brink.analyze.EstimateCalibration}).
 */
package io.brink.analyze;
