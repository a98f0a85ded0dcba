package io.mesosharness.topology;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in topology files: "500ms", "1s", "2m", "1h", Mesos' "1secs", ISO "PT1S". */
final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");
    private static final long S = 1_000_000_000L;

    private Durations() {}

    static Duration parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            Matcher m = TEXT.matcher(t);
            long unit = !m.matches()
                    ? 0
                    : switch (m.group(2)) {
                        case "ns" -> 1L;
                        case "us" -> 1_000L;
                        case "ms" -> 1_000_000L;
                        case "s", "sec", "secs", "second", "seconds" -> S;
                        case "m", "min", "mins", "minute", "minutes" -> 60 * S;
                        case "h", "hr", "hrs", "hour", "hours" -> 3600 * S;
                        default -> 0;
                    };
            if (unit > 0) {
                return Duration.ofNanos(new BigDecimal(m.group(1))
                        .multiply(BigDecimal.valueOf(unit))
                        .longValue());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "bad duration '" + text + "': expected a number with a unit, e.g. 500ms, 1s, 2m");
    }

    /** The shortest exact form among h, m, s, ms and ns, e.g. "500ms", "1s", "90s". */
    static String format(Duration d) {
        long n = d.toNanos();
        return n == 0
                ? "0s"
                : n % (3600 * S) == 0
                        ? n / (3600 * S) + "h"
                        : n % (60 * S) == 0
                                ? n / (60 * S) + "m"
                                : n % S == 0 ? n / S + "s" : n % 1_000_000 == 0 ? n / 1_000_000 + "ms" : n + "ns";
    }

    /** Refuses a missing, zero or negative duration, naming {@code path}. */
    static void requirePositive(String path, Duration d) {
        TopologyException.require(
                d != null && d.compareTo(Duration.ZERO) > 0,
                path,
                "must be more than 0, was " + (d == null ? null : format(d)));
    }
}
