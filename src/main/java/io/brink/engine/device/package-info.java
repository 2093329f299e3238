/**
 * The engine's device interface: what an algorithm may ask of a batched, twice-differentiable classifier
 * on one device ({@link io.brink.engine.device.Device}, {@link io.brink.engine.device.Tape}), the handles
 * to vectors that live there ({@link io.brink.engine.device.Block}) and the scalar functions of the
 * outputs that are differentiated ({@link io.brink.engine.device.Objective}). The CPU implements it in
 * {@code io.brink.engine.cpu}; the algorithms in {@code io.brink.engine.algorithm} use nothing else.
 * Depends on no other Brink package.
 */
package io.brink.engine.device;
