/**
 * Model reload: noticing that the model file named at start (or its card) changed, validating the new version
 * against the serving one (input shape, classes, window length, normalization, a smoke forward on a stored
 * window), swapping it into the engine pool without a restart, and telling of each accepted or refused version
 * (log, metric, the model-events topic). Only the configured path is ever read.
 */
package io.brink.reload;
