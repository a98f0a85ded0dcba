package io.mesosharness.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * Checks the final placement of an app's running tasks against Marathon constraints and direct spreading questions,
 * returning every violation with a sentence that carries the numbers. Marathon ({@code mesosphere.mesos.Constraints})
 * decides offer by offer; this judges the end state. Field values are read as Marathon reads them
 * ({@link AgentPlacement#fieldValue(String)}). <b>Every operator except {@code UNLIKE} fails a task on an agent that
 * lacks the field</b> (Marathon declines such offers).
 * <ul>
 * <li>{@code UNIQUE}: no two tasks share a value.</li>
 * <li>{@code CLUSTER v}: every task on value {@code v} compared as text (not normalised: {@code "3.0"} never matches
 * the scalar 3, which reads {@code "3"}); without a value all tasks share one value.</li>
 * <li>{@code GROUP_BY}: Marathon puts a task on a value without tasks or, once {@code n} values hold tasks, on one of
 * the least used; values nobody offered never count, so without {@code n} it may stack all tasks on one rack. This
 * checks the documented intent, "spread evenly": without {@code n} (or 0) over <em>all</em> values among the agents,
 * unused ones included, the counts differ by at most 1; with {@code n} the tasks use at least {@code min(n, tasks)}
 * values and the counts of the used values differ by at most 1. It balances values, not hosts: captured A03
 * ({@code GROUP_BY}, 4 tasks on {@code cf-a1:2 cf-b1:1 cf-b2:1}) is racks 2/2 and passes.</li>
 * <li>{@code LIKE r} / {@code UNLIKE r}: every / no task's value fully matches {@code r}; an empty {@code r} never
 * matches (LIKE) or rejects every agent that has the field (UNLIKE); UNLIKE accepts agents without the field.</li>
 * <li>{@code MAX_PER n}: at most {@code n} tasks per value; Marathon always accepts the first, so {@code n < 1} is 1.</li>
 * <li>{@code IS v}: every task's value equals {@code v}; a scalar-looking {@code v} is compared in {@code 0.###}
 * format ({@code "3.000"} matches the scalar 3.0).</li>
 * </ul>
 */
public final class ConstraintChecker {

    private static final Pattern MESOS_SCALAR = Pattern.compile("[0-9]+(?:\\.[0-9]+)?");

    private ConstraintChecker() {}

    /** Checks the placement against all constraints; {@code @region} and {@code @zone} are not supported. */
    public static CheckResult check(Placement placement, List<Constraint> constraints) {
        constraints.forEach(c -> AgentPlacement.requireSupported(c.field(), "constraint " + c));
        List<CheckResult.Violation> violations = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        for (Constraint c : constraints) {
            List<String> messages = evaluate(placement, c);
            messages.forEach(m -> violations.add(new CheckResult.Violation(c.toString(), Optional.of(c), m)));
            if (!messages.isEmpty() && !isHostname(c.field())) {
                fields.add(c.field());
            }
        }
        List<String> checks = constraints.stream().map(Constraint::toString).toList();
        return new CheckResult(
                placement, "satisfy [" + String.join(",", checks) + "]", checks, violations, List.copyOf(fields));
    }

    /** The tasks use at least {@code minDistinctValues} distinct values of {@code field}. */
    public static CheckResult spreadOver(Placement placement, String field, int minDistinctValues) {
        AgentPlacement.requireSupported(field, "spreadOver");
        AgentPlacement.require(minDistinctValues >= 1, "minDistinctValues must be >= 1, was " + minDistinctValues);
        String check = "at least " + minDistinctValues + " distinct values of " + field;
        Map<String, Integer> all = tasksByValue(placement, field);
        Map<String, Integer> used = filter(all, n -> n > 0);
        List<String> messages = new ArrayList<>();
        if (used.size() < minDistinctValues) {
            String m = "tasks use " + plural(used.size(), "value") + " of " + field
                    + (used.isEmpty() ? "" : " (" + counts(field, used) + ")") + ", expected at least "
                    + minDistinctValues;
            if (all.size() < minDistinctValues) {
                m += "; only " + plural(all.size(), "value") + " of " + field + " exist among the agents"
                        + (all.isEmpty() ? "" : " (" + String.join(", ", all.keySet()) + ")");
            }
            if (placement.totalTasks() < minDistinctValues) {
                m += "; only " + plural(placement.totalTasks(), "task") + " running";
            }
            messages.add(m);
        }
        return direct(placement, "be spread over " + check, check, messages, field);
    }

    /** No agent runs more than {@code k} tasks of the app. */
    public static CheckResult atMostPerAgent(Placement placement, int k) {
        AgentPlacement.require(k >= 0, "k must be >= 0, was " + k);
        String check = "at most " + plural(k, "task") + " per agent";
        List<AgentPlacement> over =
                placement.agentsByHostname().stream().filter(a -> a.tasks() > k).toList();
        List<String> messages =
                over.isEmpty() ? List.of() : List.of(agentList("hostname", over) + ": expected " + check);
        return direct(placement, "run " + check, check, messages, "hostname");
    }

    /** Every task runs on an agent whose {@code field} equals {@code value} (compared like {@code IS}). */
    public static CheckResult onlyOn(Placement placement, String field, String value) {
        AgentPlacement.requireSupported(field, "onlyOn");
        AgentPlacement.require(value != null && !value.isEmpty(), "value for onlyOn(" + field + ") must not be empty");
        String expected = normaliseScalar(value);
        String check = "only on agents with " + field + "=" + expected;
        List<String> messages =
                new ArrayList<>(wrongAgents(placement, field, v -> !v.equals(expected), "expected " + check));
        missingMessage(placement, field, "expected " + check).ifPresent(messages::add);
        return direct(placement, "run " + check, check, messages, field);
    }

    /** Like {@code [field, "GROUP_BY"]}: over all values of {@code field}, the task counts differ by at most 1. */
    public static CheckResult evenlyBy(Placement placement, String field) {
        AgentPlacement.requireSupported(field, "evenlyBy");
        String check = "evenly spread over the values of " + field;
        Map<String, Integer> all = tasksByValue(placement, field);
        List<String> messages =
                new ArrayList<>(counted(field, spread(all) > 1 ? all : Map.of(), "expected a difference of at most 1"));
        missingMessage(placement, field, "every task needs an agent with " + field)
                .ifPresent(messages::add);
        return direct(placement, "be " + check, check, messages, field);
    }

    private static CheckResult direct(
            Placement placement, String expectation, String check, List<String> messages, String field) {
        List<CheckResult.Violation> violations = messages.stream()
                .map(m -> new CheckResult.Violation(check, Optional.empty(), m))
                .toList();
        List<String> fields = !messages.isEmpty() && !isHostname(field) ? List.of(field) : List.of();
        return new CheckResult(placement, expectation, List.of(check), violations, fields);
    }

    /** The violations of one constraint, as sentences with the numbers. */
    private static List<String> evaluate(Placement placement, Constraint c) {
        String field = c.field();
        String value = c.value().orElse(""); // as Marathon's getValue sees it
        String scalar = normaliseScalar(value);
        Map<String, Integer> used = filter(tasksByValue(placement, field), n -> n > 0);
        String clusterHint = !scalar.equals(value)
                        && !agentsWithTasks(placement, field, scalar::equals).isEmpty()
                ? " (Marathon compares CLUSTER values as text and formats the agent's scalar as " + scalar + ")"
                : "";
        List<String> messages = new ArrayList<>(
                switch (c.operator()) {
                    case UNIQUE ->
                        counted(field, filter(used, n -> n > 1), "UNIQUE allows at most 1 task per value of " + field);
                    case CLUSTER ->
                        c.value().isEmpty()
                                ? counted(
                                        field,
                                        used.size() > 1 ? used : Map.of(),
                                        "CLUSTER without a value requires all tasks on one value of " + field)
                                : wrongAgents(
                                        placement,
                                        field,
                                        v -> !v.equals(value),
                                        "CLUSTER allows only " + field + "=" + value + clusterHint);
                    case GROUP_BY -> groupBy(placement, c);
                    case LIKE ->
                        wrongAgents(
                                placement,
                                field,
                                v -> value.isEmpty() || !v.matches(value),
                                value.isEmpty()
                                        ? "LIKE with an empty value never matches"
                                        : "LIKE requires " + field + " to match " + value);
                    case UNLIKE ->
                        wrongAgents(
                                placement,
                                field,
                                v -> value.isEmpty() || v.matches(value),
                                value.isEmpty()
                                        ? "UNLIKE with an empty value rejects every agent that has " + field
                                        : "UNLIKE requires " + field + " not to match " + value);
                    case MAX_PER -> {
                        int n = Integer.parseInt(value);
                        int limit = Math.max(n, 1);
                        yield counted(
                                field,
                                filter(used, count -> count > limit),
                                "MAX_PER " + n + " allows at most " + plural(limit, "task") + " per value of " + field
                                        + (n < 1 ? " (Marathon always accepts the first task on a value)" : ""));
                    }
                    case IS ->
                        wrongAgents(
                                placement,
                                field,
                                v -> !v.equals(scalar),
                                "IS requires " + field + " to be exactly " + scalar);
                });
        if (c.operator() != Constraint.Operator.UNLIKE) {
            missingMessage(
                            placement,
                            field,
                            "Marathon places " + c.operator()
                                    + " tasks only on agents that have the field (only UNLIKE accepts agents without it)")
                    .ifPresent(messages::add);
        }
        return messages;
    }

    /** {@code <agents with tasks whose field is wrong>: <rule>}, or nothing. */
    private static List<String> wrongAgents(Placement placement, String field, Predicate<String> wrong, String rule) {
        List<AgentPlacement> agents = agentsWithTasks(placement, field, wrong);
        return agents.isEmpty() ? List.of() : List.of(agentList(field, agents) + ": " + rule);
    }

    /** {@code <counts>: <rule>} when there is at least one count, or nothing. */
    private static List<String> counted(String field, Map<String, Integer> counts, String rule) {
        return counts.isEmpty() ? List.of() : List.of(counts(field, counts) + ": " + rule);
    }

    private static List<String> groupBy(Placement placement, Constraint c) {
        String field = c.field();
        int n = c.value().map(Integer::parseInt).orElse(0);
        Map<String, Integer> all = tasksByValue(placement, field);
        Map<String, Integer> used = filter(all, count -> count > 0);
        int total = used.values().stream().mapToInt(Integer::intValue).sum();
        String rule = "GROUP_BY allows a difference of at most 1";
        if (total == 0) {
            return List.of();
        } else if (n <= 0) {
            return counted(
                    field,
                    spread(all) > 1 ? all : Map.of(),
                    rule
                            + (used.size() < all.size()
                                    ? " (without a value Marathon does not wait for offers from the other values; "
                                            + Constraint.of(field, "GROUP_BY", Integer.toString(all.size()))
                                            + " makes it)"
                                    : ""));
        }
        List<String> messages = new ArrayList<>();
        int need = Math.min(n, total);
        if (used.size() < need) {
            String m = "tasks use " + plural(used.size(), "value") + " of " + field + " (" + counts(field, used)
                    + "), but GROUP_BY " + n + " requires at least " + need;
            if (all.size() < need) {
                m += "; only " + plural(all.size(), "value") + " of " + field + " exist among the agents ("
                        + String.join(", ", all.keySet()) + ")";
            }
            messages.add(m);
        }
        messages.addAll(counted(field, spread(used) > 1 ? used : Map.of(), rule));
        return messages;
    }

    /** Task count per value of the field over all agents that have it (values with 0 tasks included), sorted. */
    private static Map<String, Integer> tasksByValue(Placement placement, String field) {
        Map<String, Integer> counts = new TreeMap<>();
        for (AgentPlacement a : placement.agents()) {
            a.fieldValue(field).ifPresent(v -> counts.merge(v, a.tasks(), Integer::sum));
        }
        return counts;
    }

    private static Map<String, Integer> filter(Map<String, Integer> counts, IntPredicate keep) {
        Map<String, Integer> out = new LinkedHashMap<>(counts);
        out.values().removeIf(n -> !keep.test(n));
        return out;
    }

    private static int spread(Map<String, Integer> counts) {
        return counts.isEmpty() ? 0 : Collections.max(counts.values()) - Collections.min(counts.values());
    }

    /** Agents (by hostname) with tasks whose field is present and fails the predicate's "wrong" test. */
    private static List<AgentPlacement> agentsWithTasks(Placement placement, String field, Predicate<String> wrong) {
        return placement.agentsByHostname().stream()
                .filter(a -> a.tasks() > 0 && a.fieldValue(field).filter(wrong).isPresent())
                .toList();
    }

    private static Optional<String> missingMessage(Placement placement, String field, String why) {
        List<AgentPlacement> without = placement.agentsByHostname().stream()
                .filter(a -> a.tasks() > 0 && a.fieldValue(field).isEmpty())
                .toList();
        if (without.isEmpty()) {
            return Optional.empty();
        }
        String m = agentList("hostname", without) + " without attribute " + field + ": " + why;
        if (tasksByValue(placement, field).isEmpty()) {
            Set<String> seen = new TreeSet<>();
            placement.agents().forEach(a -> seen.addAll(a.attributes().keySet()));
            m += "; no agent has attribute " + field + " (attributes seen: "
                    + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")";
        }
        return Optional.of(m);
    }

    /** {@code cf-a2 (disk_type=hdd) runs 3 tasks, cf-b2 (disk_type=hdd) runs 1}; only hostnames for hostname. */
    private static String agentList(String field, List<AgentPlacement> agents) {
        List<String> parts = new ArrayList<>();
        for (AgentPlacement a : agents) {
            String who = isHostname(field)
                    ? a.hostname()
                    : a.hostname() + " (" + field + "=" + a.fieldValue(field).orElse(Placement.MISSING) + ")";
            parts.add(who + " runs " + (parts.isEmpty() ? plural(a.tasks(), "task") : a.tasks()));
        }
        return String.join(", ", parts);
    }

    /** {@code rack=a has 3 tasks, rack=b has 1}. */
    private static String counts(String field, Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> parts.add(field + "=" + v + " has " + (parts.isEmpty() ? plural(n, "task") : n)));
        return String.join(", ", parts);
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Marathon's IS normalisation: a value that looks like a Mesos scalar is compared in 0.### format. */
    private static String normaliseScalar(String value) {
        return MESOS_SCALAR.matcher(value).matches() ? AgentPlacement.formatScalar(Double.parseDouble(value)) : value;
    }

    private static boolean isHostname(String field) {
        return "hostname".equals(field) || "@hostname".equals(field);
    }
}
