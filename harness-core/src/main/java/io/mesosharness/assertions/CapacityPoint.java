package io.mesosharness.assertions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One moment of an app's capacity timeline: after {@code cause} at {@code at}, so many instances were healthy
 * (running, passing their health checks if any, ready if it has readiness checks), running and staged (launched, not
 * yet running). {@code seq} orders the points of all apps of one recording, also at equal timestamps.
 */
public record CapacityPoint(long seq, Instant at, String appId, int healthy, int running, int staged, String cause) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Running plus staged: what counts against {@code maximumOverCapacity}. */
    public int launched() {
        return running + staged;
    }

    /** The timelines of several apps merged by {@link #seq()}, each point summing every app's latest counts. */
    static List<CapacityPoint> combine(List<List<CapacityPoint>> timelines) {
        Map<String, CapacityPoint> latest = new LinkedHashMap<>();
        return timelines.stream()
                .flatMap(List::stream)
                .sorted(Comparator.comparingLong(CapacityPoint::seq))
                .map(p -> {
                    latest.put(p.appId(), p);
                    int[] sum = new int[3];
                    latest.values().forEach(l -> {
                        sum[0] += l.healthy();
                        sum[1] += l.running();
                        sum[2] += l.staged();
                    });
                    return new CapacityPoint(
                            p.seq(), p.at(), "combined", sum[0], sum[1], sum[2], p.appId() + ": " + p.cause());
                })
                .toList();
    }

    /** The points as a table (time, healthy, running, staged, event); the rows matching {@code marked} start with >. */
    static String table(List<CapacityPoint> points, Predicate<CapacityPoint> marked) {
        StringBuilder out = new StringBuilder(
                String.format("  %-12s  %7s  %7s  %6s  %s%n", "time", "healthy", "running", "staged", "event"));
        points.forEach(p -> out.append(String.format(
                "%s %-12s  %7d  %7d  %6d  %s%n",
                marked.test(p) ? ">" : " ", TIME.format(p.at()), p.healthy(), p.running(), p.staged(), p.cause())));
        return out.toString();
    }
}
