/**
 * The engine's facade: {@link io.brink.engine.RobustnessEngine} profiles batches of windows
 * ({@link io.brink.engine.WindowBatch}) as {@link io.brink.engine.ProfileOptions} ask, splitting each batch
 * across devices and running one {@code Profiler} per device: the forward and the margin's gradient, then the stages of
 * {@code io.brink.engine.stage} that the options turn on (in the order their declared inputs give), over the device
 * interface of {@code io.brink.engine.device}; results are {@link io.brink.engine.WindowProfile}s. The CPU devices come
 * from {@code io.brink.engine.cpu}.
 */
package io.brink.engine;
