package io.brink.window;

import java.nio.ByteBuffer;

/**
 * The leading version byte of the window package's binary formats: format 1 writes it; format 0, of builds
 * before versioned state, had none, and its first byte is the top byte of a non-negative int below 2^24, so 0.
 */
final class FormatVersion {

    private FormatVersion() {
    }

    /** Positions {@code b} after the version byte of format {@code current}, or at the start of format 0. */
    static void skip(ByteBuffer b, byte current, String what) {
        byte version = b.remaining() > 0 ? b.get(b.position()) : -1;
        if (version == current) {
            b.get();
        } else if (version != 0) {
            throw new IllegalArgumentException("unknown " + what + " format " + version);
        }
    }
}
