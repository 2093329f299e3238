/**
 * The stages of a robustness profile, each one class behind {@link io.brink.engine.stage.ProfileStage}: a stage
 * declares its key (name, settings type, per-window result type) and the stages whose results it reads, runs over a
 * slice of a batch on a device ({@link io.brink.engine.stage.StageInput}: the windows, the forward, the margin's
 * gradient and the earlier stages' results) and returns one result per window. {@link io.brink.engine.stage.Stages}
 * registers them; {@link io.brink.engine.stage.StagePlan} orders them by their declared inputs. The engine's profiler
 * runs the plan; the record package writes each stage's section of the score record.
 */
package io.brink.engine.stage;
