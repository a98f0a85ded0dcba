package io.mesosharness.assertions;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Judges capacity timelines (pure): whether a deployment kept its healthy capacity, stayed within its over-capacity,
 * and whether several apps together kept enough healthy instances. A failure is a message with the whole timeline as
 * a table (time, healthy, running, staged, what happened), the offending moments marked with {@code >}.
 */
final class CapacityJudge {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final double EPSILON = 1e-9;

    private CapacityJudge() {}

    /** Marathon's rule: at least {@code ceil(instances × fraction)} healthy. */
    static int requiredHealthy(int instances, double fraction) {
        return (int) Math.ceil(instances * fraction - EPSILON);
    }

    /** Marathon's rule: at most {@code floor(instances × factor)} launched. */
    static int allowedLaunched(int instances, double factor) {
        return (int) Math.floor(instances * factor + EPSILON);
    }

    /** Empty if healthy never fell below {@code ceil(instances × fraction)} during the deployment; else why. */
    static Optional<String> healthyBelow(RecordedDeployment d, double fraction, String basis) {
        int required = requiredHealthy(d.instances(), fraction);
        Predicate<CapacityPoint> bad = p -> p.healthy() < required;
        if (d.timeline().stream().noneMatch(bad)) {
            return Optional.empty();
        }
        return Optional.of("Expected " + d.appId() + " to keep at least " + required + " of " + d.instances()
                + " instances healthy (" + percent(fraction) + ", " + basis + ") during deployment "
                + d.deploymentId() + ", but healthy fell to " + d.minimumHealthy() + ".\n"
                + describe(d) + table(d.timeline(), bad));
    }

    /** Empty if launched never exceeded {@code floor(instances × factor)} during the deployment; else why. */
    static Optional<String> launchedAbove(RecordedDeployment d, double factor, String basis) {
        int allowed = allowedLaunched(d.instances(), factor);
        Predicate<CapacityPoint> bad = p -> p.launched() > allowed;
        if (d.timeline().stream().noneMatch(bad)) {
            return Optional.empty();
        }
        return Optional.of("Expected " + d.appId() + " to run at most " + allowed + " instances (running + staged; "
                + percent(factor) + " of " + d.instances() + ", " + basis + ") during deployment "
                + d.deploymentId() + ", but " + d.maximumLaunched() + " were launched at once.\n"
                + describe(d) + table(d.timeline(), bad));
    }

    /** Empty if the summed healthy count of the combined timeline never fell below {@code n}; else why. */
    static Optional<String> combinedBelow(List<String> appIds, List<CapacityPoint> combined, int n) {
        Predicate<CapacityPoint> bad = p -> p.healthy() < n;
        if (combined.stream().noneMatch(bad)) {
            return Optional.empty();
        }
        int lowest = combined.stream().mapToInt(CapacityPoint::healthy).min().orElse(0);
        return Optional.of("Expected " + String.join(" + ", appIds) + " to keep at least " + n
                + " healthy instances together at every moment, but they fell to " + lowest + ".\n"
                + "Timeline (counts summed over the apps; the event names the app it happened to):\n"
                + table(combined, bad));
    }

    /**
     * Merges the timelines of several apps (each oldest first) into one whose counts are the sums of each app's latest
     * counts, ordered by {@link CapacityPoint#seq()}.
     */
    static List<CapacityPoint> combine(List<List<CapacityPoint>> timelines) {
        List<CapacityPoint> all = new ArrayList<>();
        timelines.forEach(all::addAll);
        all.sort(java.util.Comparator.comparingLong(CapacityPoint::seq));
        Map<String, CapacityPoint> latest = new LinkedHashMap<>();
        List<CapacityPoint> out = new ArrayList<>();
        for (CapacityPoint p : all) {
            latest.put(p.appId(), p);
            int healthy = 0;
            int running = 0;
            int staged = 0;
            for (CapacityPoint l : latest.values()) {
                healthy += l.healthy();
                running += l.running();
                staged += l.staged();
            }
            out.add(new CapacityPoint(
                    p.seq(), p.at(), "combined", healthy, running, staged, p.appId() + ": " + p.cause()));
        }
        return out;
    }

    private static String describe(RecordedDeployment d) {
        return "Deployment " + d.deploymentId() + " " + d.outcome().name().toLowerCase(java.util.Locale.ROOT)
                + (d.failure() == null ? "" : " (" + d.failure() + ")") + "; upgradeStrategy of " + d.appId()
                + ": minimumHealthCapacity " + d.upgradeStrategy().minimumHealth() + ", maximumOverCapacity "
                + d.upgradeStrategy().maximumOver() + "; instances " + d.instances() + ".\nTimeline:\n";
    }

    /** The points as a table; the rows matching {@code marked} start with {@code >}. */
    static String table(List<CapacityPoint> points, Predicate<CapacityPoint> marked) {
        StringBuilder out = new StringBuilder(
                String.format("  %-12s  %7s  %7s  %6s  %s%n", "time", "healthy", "running", "staged", "event"));
        for (CapacityPoint p : points) {
            out.append(String.format(
                    "%s %-12s  %7d  %7d  %6d  %s%n",
                    marked.test(p) ? ">" : " ", TIME.format(p.at()), p.healthy(), p.running(), p.staged(), p.cause()));
        }
        return out.toString();
    }

    private static String percent(double fraction) {
        double value = fraction * 100;
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + " %";
    }
}
