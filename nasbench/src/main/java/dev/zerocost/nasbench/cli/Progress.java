package dev.zerocost.nasbench.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Sweep progress on stderr: on a terminal, one line redrawn in place (a bar, archs done/total,
 * archs/s, ETA); otherwise a plain line every 10 archs or every 10 seconds, whichever comes first.
 */
final class Progress {
    private static final int WIDTH = 30;
    private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPlain = start;
    private int done;
    private int failed;

    Progress(PrintWriter err, int total, boolean terminal) {
        this.err = err;
        this.total = total;
        this.terminal = terminal;
    }

    /** Counts one finished arch and redraws or prints when due. */
    void archDone(boolean archFailed) {
        done++;
        if (archFailed) {
            failed++;
        }
        long now = System.nanoTime();
        if (terminal) {
            err.print("\r" + line(now));
            err.flush();
        } else if (done % 10 == 0 || done == total || now - lastPlain >= PLAIN_INTERVAL_NANOS) {
            lastPlain = now;
            err.println("zerocost: " + line(now));
            err.flush();
        }
    }

    /** Ends the redrawn line. */
    void finish() {
        if (terminal && done > 0) {
            err.println();
            err.flush();
        }
    }

    private String line(long now) {
        double elapsed = (now - start) / 1e9;
        double rate = elapsed > 0 ? done / elapsed : 0;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        StringBuilder s = new StringBuilder();
        if (terminal) {
            int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
            s.append('[').append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
        }
        s.append(done).append('/').append(total).append(" archs");
        s.append(String.format(Locale.ROOT, ", %.2f archs/s, ETA %s", rate, eta));
        if (failed > 0) {
            s.append(", ").append(failed).append(" with errors");
        }
        return s.toString();
    }

    /** Seconds as 1h02m, 3m05s or 12s. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
