package io.mesosharness.placement;

import static io.mesosharness.placement.PlacementFacts.agentList;
import static io.mesosharness.placement.PlacementFacts.counts;
import static io.mesosharness.placement.PlacementFacts.isHostname;
import static io.mesosharness.placement.PlacementFacts.missingMessage;
import static io.mesosharness.placement.PlacementFacts.normaliseScalar;
import static io.mesosharness.placement.PlacementFacts.plural;
import static io.mesosharness.placement.PlacementFacts.spread;
import static io.mesosharness.placement.PlacementFacts.tasksByValue;
import static io.mesosharness.placement.PlacementFacts.used;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the final placement of an app's running tasks against Marathon constraints and against direct spreading
 * questions. Returns every violation with a sentence that carries the numbers.
 *
 * <h2>Semantics</h2>
 * Marathon ({@code mesosphere.mesos.Constraints}) decides offer by offer whether one more task may go to the offered
 * agent, looking at the tasks already placed. This checker judges the end state. Field values are read as Marathon
 * reads them ({@link AgentPlacement#fieldValue(String)}): {@code hostname}/{@code @hostname} is the agent's hostname,
 * any other field an attribute, scalars formatted {@code 0.###}. {@code @region}/{@code @zone} (fault domains) are not
 * supported and raise {@link IllegalArgumentException}. <b>Every operator except {@code UNLIKE} fails a task on an
 * agent that lacks the field</b> (Marathon declines such offers).
 * <ul>
 * <li>{@code UNIQUE}: no two tasks share a value.</li>
 * <li>{@code CLUSTER v}: every task on an agent whose value equals {@code v} as text (Marathon does not normalise the
 * value here: {@code ["gen","CLUSTER","3.0"]} never matches the scalar 3, which reads {@code "3"}).
 * {@code CLUSTER} without a value: all tasks share one value.</li>
 * <li>{@code GROUP_BY} – Marathon's offer rule: a task may go to a value that has no task yet, or, once at least
 * {@code n} values hold tasks ({@code n} = the constraint's value, 0 if absent or not positive), to a value whose
 * task count is the smallest among the values that hold tasks. Values nobody uses never count for Marathon, because
 * it only learns of values from offers. Consequences: with {@code n}, the first {@code n} tasks each open their own
 * value and, when {@code n} equals the number of values, the counts never differ by more than 1; without {@code n},
 * Marathon accepts stacking as long as only one value is in use, so all tasks may end on one rack if its offers come
 * first (the Marathon docs warn about this). This checker asserts the documented intent, "spread evenly":
 * <ul>
 * <li>without a value (or 0): over <em>all</em> values the field has among the agents that have it, counting values
 * with 0 tasks, the largest minus the smallest task count is at most 1 (so a placement where every task has its own
 * value always passes, and 4 tasks on rack a with rack b empty fails);</li>
 * <li>with a value {@code n}: the tasks use at least {@code min(n, tasks)} values, and among the values in use the
 * counts differ by at most 1; unused values do not count (with 3 racks, {@code GROUP_BY 2} may leave one empty).</li>
 * </ul>
 * GROUP_BY balances the field's values, not hosts: captured A03 ({@code ["rack","GROUP_BY"]}, 4 tasks) is
 * {@code cf-a1:2 cf-b1:1 cf-b2:1}, racks 2/2, and passes; A04 ({@code GROUP_BY 2}, 6 tasks) is racks 3/3.</li>
 * <li>{@code LIKE r}: every task's value fully matches {@code r} ({@link String#matches(String)}); an empty value
 * never matches. {@code UNLIKE r}: no task's value fully matches {@code r}; agents without the field are fine; an
 * empty value rejects every agent that has the field.</li>
 * <li>{@code MAX_PER n}: at most {@code n} tasks per value. Marathon always accepts the first task on a value, so
 * {@code n < 1} behaves as 1.</li>
 * <li>{@code IS v}: every task's value equals {@code v}; a {@code v} that looks like a scalar
 * ({@code [0-9]+(\.[0-9]+)?}) is compared in {@code 0.###} format, so {@code "3"} and {@code "3.000"} match the
 * scalar 3.0.</li>
 * </ul>
 */
public final class ConstraintChecker {

    private ConstraintChecker() {}

    /**
     * Checks the placement against all constraints (an app's {@code constraints}).
     *
     * @throws IllegalArgumentException if a constraint uses {@code @region} or {@code @zone}
     */
    public static CheckResult check(Placement placement, List<Constraint> constraints) {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(constraints, "constraints");
        for (Constraint c : constraints) {
            Objects.requireNonNull(c, "constraints contain null");
            requireSupportedField(c.field(), "constraint " + c);
        }
        List<String> checks = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Set<String> fields = new LinkedHashSet<>();
        for (Constraint c : constraints) {
            String check = c.toString();
            checks.add(check);
            List<String> messages = ConstraintRules.evaluate(placement, c);
            for (String m : messages) {
                violations.add(new Violation(check, Optional.of(c), m));
            }
            if (!messages.isEmpty() && !isHostname(c.field())) {
                fields.add(c.field());
            }
        }
        String expectation =
                "satisfy " + constraints.stream().map(Constraint::toString).collect(Collectors.joining(",", "[", "]"));
        return new CheckResult(placement, expectation, checks, violations, new ArrayList<>(fields));
    }

    /**
     * The tasks use at least {@code minDistinctValues} distinct values of {@code field} (tasks on agents without the
     * field add no value).
     */
    public static CheckResult spreadOver(Placement placement, String field, int minDistinctValues) {
        Objects.requireNonNull(placement, "placement");
        requireSupportedField(field, "spreadOver");
        if (minDistinctValues < 1) {
            throw new IllegalArgumentException("minDistinctValues must be >= 1, was " + minDistinctValues);
        }
        String check = "at least " + minDistinctValues + " distinct values of " + field;
        Map<String, Integer> all = tasksByValue(placement, field);
        Map<String, Integer> used = used(all);
        List<String> messages = new ArrayList<>();
        if (used.size() < minDistinctValues) {
            StringBuilder m = new StringBuilder("tasks use ")
                    .append(plural(used.size(), "value"))
                    .append(" of ")
                    .append(field);
            if (!used.isEmpty()) {
                m.append(" (").append(counts(field, used)).append(")");
            }
            m.append(", expected at least ").append(minDistinctValues);
            if (all.size() < minDistinctValues) {
                m.append("; only ")
                        .append(plural(all.size(), "value"))
                        .append(" of ")
                        .append(field)
                        .append(" exist among the agents")
                        .append(all.isEmpty() ? "" : " (" + String.join(", ", all.keySet()) + ")");
            }
            if (placement.totalTasks() < minDistinctValues) {
                m.append("; only ")
                        .append(plural(placement.totalTasks(), "task"))
                        .append(" running");
            }
            messages.add(m.toString());
        }
        return direct(placement, "be spread over " + check, check, messages, field);
    }

    /** No agent runs more than {@code k} tasks of the app. */
    public static CheckResult atMostPerAgent(Placement placement, int k) {
        Objects.requireNonNull(placement, "placement");
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, was " + k);
        }
        String check = "at most " + plural(k, "task") + " per agent";
        List<String> offenders = new ArrayList<>();
        for (AgentPlacement a : placement.agentsByHostname()) {
            if (a.tasks() > k) {
                offenders.add(a.hostname() + " runs " + (offenders.isEmpty() ? plural(a.tasks(), "task") : a.tasks()));
            }
        }
        List<String> messages =
                offenders.isEmpty() ? List.of() : List.of(String.join(", ", offenders) + ": expected " + check);
        return direct(placement, "run " + check, check, messages, "hostname");
    }

    /**
     * Every task runs on an agent whose {@code field} equals {@code value} (compared like {@code IS}: a scalar-looking
     * value matches the agent's scalar in {@code 0.###} format).
     */
    public static CheckResult onlyOn(Placement placement, String field, String value) {
        Objects.requireNonNull(placement, "placement");
        requireSupportedField(field, "onlyOn");
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("value for onlyOn(" + field + ") must not be empty");
        }
        String expected = normaliseScalar(value);
        String check = "only on agents with " + field + "=" + expected;
        List<String> messages = new ArrayList<>();
        List<AgentPlacement> wrong = new ArrayList<>();
        for (AgentPlacement a : placement.agentsByHostname()) {
            Optional<String> v = a.fieldValue(field);
            if (a.tasks() > 0 && v.isPresent() && !v.get().equals(expected)) {
                wrong.add(a);
            }
        }
        if (!wrong.isEmpty()) {
            messages.add(agentList(field, wrong) + ": expected " + check);
        }
        missingMessage(placement, field, "expected " + check).ifPresent(messages::add);
        return direct(placement, "run " + check, check, messages, field);
    }

    /**
     * The tasks are spread evenly over all values of {@code field} among the agents that have it (values with no
     * task count): largest minus smallest task count at most 1, like {@code [field, "GROUP_BY"]} here.
     */
    public static CheckResult evenlyBy(Placement placement, String field) {
        Objects.requireNonNull(placement, "placement");
        requireSupportedField(field, "evenlyBy");
        String check = "evenly spread over the values of " + field;
        List<String> messages = new ArrayList<>();
        Map<String, Integer> all = tasksByValue(placement, field);
        if (!all.isEmpty() && spread(all) > 1) {
            messages.add(counts(field, all) + ": expected a difference of at most 1");
        }
        missingMessage(placement, field, "every task needs an agent with " + field)
                .ifPresent(messages::add);
        return direct(placement, "be " + check, check, messages, field);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static CheckResult direct(
            Placement placement, String expectation, String check, List<String> messages, String field) {
        List<Violation> violations = messages.stream()
                .map(m -> new Violation(check, Optional.empty(), m))
                .toList();
        List<String> fields = !messages.isEmpty() && !isHostname(field) ? List.of(field) : List.of();
        return new CheckResult(placement, expectation, List.of(check), violations, fields);
    }

    private static void requireSupportedField(String field, String where) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("field of " + where + " must not be empty");
        }
        if ("@region".equals(field) || "@zone".equals(field)) {
            throw new IllegalArgumentException(where + ": field " + field + " reads the agent's fault domain "
                    + "(mesos-agent --domain), not an attribute; the placement checker does not support "
                    + "fault-domain fields, use an agent attribute such as zone instead");
        }
    }
}
