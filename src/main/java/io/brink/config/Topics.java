package io.brink.config;

/**
 * Names of the pipeline's topics; {@code modelEvents} carries model reload events, {@code calibration} the models' live
 * calibration, {@code calibrationEvents} (internal) predictions and outcomes on their way to it.
 */
public record Topics(String points, String scores, String alerts, String outcomes, String deadLetters, String modelEvents,
                     String calibration, String calibrationEvents) {
}
