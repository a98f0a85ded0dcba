package io.mesosharness.placement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the placement checks read off a {@link Placement} (task counts per field value, agents with or without a
 * field) and how they word it ({@code rack=a has 3 tasks, rack=b has 1}).
 */
final class PlacementFacts {

    private static final Pattern MESOS_SCALAR = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    private PlacementFacts() {}

    /** Task count per value of the field over all agents that have it (values with 0 tasks included), sorted. */
    static Map<String, Integer> tasksByValue(Placement placement, String field) {
        Map<String, Integer> counts = new TreeMap<>();
        for (AgentPlacement a : placement.agents()) {
            a.fieldValue(field).ifPresent(v -> counts.merge(v, a.tasks(), Integer::sum));
        }
        return counts;
    }

    static Map<String, Integer> used(Map<String, Integer> counts) {
        return filter(counts, n -> n > 0);
    }

    static Map<String, Integer> filter(Map<String, Integer> counts, IntPredicate keep) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> {
            if (keep.test(v)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static int spread(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return 0;
        }
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return max - min;
    }

    /** Agents (by hostname) with tasks whose field is present and fails the predicate's "wrong" test. */
    static List<AgentPlacement> agentsWithTasks(Placement placement, String field, Predicate<String> wrong) {
        List<AgentPlacement> out = new ArrayList<>();
        for (AgentPlacement a : placement.agentsByHostname()) {
            Optional<String> v = a.fieldValue(field);
            if (a.tasks() > 0 && v.isPresent() && wrong.test(v.get())) {
                out.add(a);
            }
        }
        return out;
    }

    static Optional<String> missingMessage(Placement placement, String field, String why) {
        List<String> parts = new ArrayList<>();
        for (AgentPlacement a : placement.agentsByHostname()) {
            if (a.tasks() > 0 && a.fieldValue(field).isEmpty()) {
                parts.add(a.hostname() + " runs " + (parts.isEmpty() ? plural(a.tasks(), "task") : a.tasks()));
            }
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String m = String.join(", ", parts) + " without attribute " + field + ": " + why;
        if (tasksByValue(placement, field).isEmpty()) {
            Set<String> seen = new TreeSet<>();
            placement.agents().forEach(a -> seen.addAll(a.attributes().keySet()));
            m += "; no agent has attribute " + field + " (attributes seen: "
                    + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")";
        }
        return Optional.of(m);
    }

    /** {@code cf-a2 (disk_type=hdd) runs 3 tasks, cf-b2 (disk_type=hdd) runs 1}. */
    static String agentList(String field, List<AgentPlacement> agents) {
        List<String> parts = new ArrayList<>();
        for (AgentPlacement a : agents) {
            String who = isHostname(field)
                    ? a.hostname()
                    : a.hostname() + " (" + field + "=" + a.fieldValue(field).orElse(PlacementTable.MISSING) + ")";
            parts.add(who + " runs " + (parts.isEmpty() ? plural(a.tasks(), "task") : a.tasks()));
        }
        return String.join(", ", parts);
    }

    /** {@code rack=a has 3 tasks, rack=b has 1}. */
    static String counts(String field, Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> parts.add(field + "=" + v + " has " + (parts.isEmpty() ? plural(n, "task") : n)));
        return String.join(", ", parts);
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Marathon's IS normalisation: a value that looks like a Mesos scalar is compared in 0.### format. */
    static String normaliseScalar(String value) {
        return MESOS_SCALAR.matcher(value).matches() ? AgentPlacement.formatScalar(Double.parseDouble(value)) : value;
    }

    static boolean isHostname(String field) {
        return "hostname".equals(field) || "@hostname".equals(field);
    }
}
