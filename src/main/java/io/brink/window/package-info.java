/**
 * From points to batches of windows, one rule each for both the pipeline and {@code brink analyze}:
 * {@link io.brink.window.SeriesWindowState} (the windowing rule: ts order, grace, duplicates, stride),
 * {@link io.brink.window.Window} (a window ready to score) and {@link io.brink.window.WindowBatcher} (windows
 * into an engine batch). Normalization comes from the model ({@link io.brink.model.Normalizer}). Binary
 * state formats here carry a leading version byte and read the unversioned format of earlier builds.
 */
package io.brink.window;
