package io.brink.analyze;

import java.io.PrintWriter;

/** A one-line progress bar on a terminal: done/total windows, rate and time left. */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final long total;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long done;

    Progress(PrintWriter out, long total, boolean enabled) {
        this.out = out;
        this.total = total;
        this.enabled = enabled;
    }

    void advance(long n) {
        done += n;
        if (!enabled) {
            return;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = done / Math.max(secs, 1e-9);
        int filled = (int) (WIDTH * done / Math.max(1, total));
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        out.printf("\r[%s] %d/%d windows  %.1f windows/s  %.0fs left ", bar, done, total, rate, (total - done) / Math.max(rate, 1e-9));
        out.flush();
    }

    void finish() {
        if (enabled) {
            out.println();
        }
    }
}
