package io.custody.cli.dev;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Numbered progress lines, one per step: {@code [3/10] Postgres (embedded) … ready on
 * 127.0.0.1:15432 (1.2 s)}. The title is printed when the step starts, its outcome when it ends.
 */
final class Progress {
    private final PrintWriter out;
    private final int total;
    private int current;

    Progress(PrintWriter out, int total) {
        this.out = out;
        this.total = total;
    }

    /** Runs one step; {@code action} returns what to print after the ellipsis. */
    String step(String title, Supplier<String> action) {
        current++;
        out.print(String.format(Locale.ROOT, "[%d/%d] %s … ", current, total, title));
        out.flush();
        long start = System.nanoTime();
        try {
            String outcome = action.get();
            out.println(outcome + String.format(Locale.ROOT, " (%.1f s)", (System.nanoTime() - start) / 1e9));
            out.flush();
            return outcome;
        } catch (RuntimeException e) {
            out.println(String.format(Locale.ROOT, "FAILED (%.1f s)", (System.nanoTime() - start) / 1e9));
            out.flush();
            throw e;
        }
    }

    /** A step that does not run, with the reason. */
    void skipped(String title, String why) {
        current++;
        out.println(String.format(Locale.ROOT, "[%d/%d] %s … %s", current, total, title, why));
        out.flush();
    }
}
