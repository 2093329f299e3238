package io.brink.engine;

/**
 * What the engine made of one window: its {@link WindowProfile}, or {@link Unscorable} with the reason when
 * a quantity came out NaN or infinite (e.g. logits overflowing float32). The engine never hands out a
 * profile holding a NaN; callers say why a window has no score instead of printing one.
 */
public sealed interface WindowOutcome permits WindowProfile, WindowOutcome.Unscorable {

    /**
     * A window the engine could not score.
     *
     * @param reason which quantity was not finite, e.g. "the model's logits are not finite (logit 1 is NaN)"
     */
    record Unscorable(String reason) implements WindowOutcome {
    }
}
