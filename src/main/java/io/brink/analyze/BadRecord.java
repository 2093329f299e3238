package io.brink.analyze;

/** An input record that was rejected, with where it was and why. */
public record BadRecord(long line, String reason) {

    @Override
    public String toString() {
        return "line " + line + ": " + reason;
    }
}
