package io.mesosharness.topology;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in topology files ("500ms", "1s", "2m", "1h", Mesos' "1secs", ISO "PT1S"). */
final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");

    private Durations() {}

    static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.toUpperCase(Locale.ROOT).startsWith("PT")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        }
        Matcher m = TEXT.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw bad(text);
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long nanosPerUnit = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s", "sec", "secs", "second", "seconds" -> 1_000_000_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000_000_000L;
            case "h", "hr", "hrs", "hour", "hours" -> 3_600_000_000_000L;
            default -> throw bad(text);
        };
        return Duration.ofNanos(
                amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
    }

    /** The shortest exact form among h, m, s, ms and ns, e.g. "500ms", "1s", "90s". */
    static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos != 0 && nanos % 3_600_000_000_000L == 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos != 0 && nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos + "ns";
    }

    /** Refuses a missing, zero or negative duration, naming {@code path}. */
    static void requirePositive(String path, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new TopologyException(path, "must be more than 0, was " + (d == null ? null : format(d)));
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(
                "bad duration '" + text + "': expected a number with a unit, e.g. 500ms, 1s, 2m");
    }
}
