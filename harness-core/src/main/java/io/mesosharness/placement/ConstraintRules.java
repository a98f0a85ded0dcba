package io.mesosharness.placement;

import static io.mesosharness.placement.PlacementFacts.agentList;
import static io.mesosharness.placement.PlacementFacts.agentsWithTasks;
import static io.mesosharness.placement.PlacementFacts.counts;
import static io.mesosharness.placement.PlacementFacts.filter;
import static io.mesosharness.placement.PlacementFacts.missingMessage;
import static io.mesosharness.placement.PlacementFacts.normaliseScalar;
import static io.mesosharness.placement.PlacementFacts.plural;
import static io.mesosharness.placement.PlacementFacts.spread;
import static io.mesosharness.placement.PlacementFacts.tasksByValue;
import static io.mesosharness.placement.PlacementFacts.used;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end-state rule of each Marathon constraint operator (see {@link ConstraintChecker} for the semantics): the
 * violations of one constraint, as sentences with the numbers.
 */
final class ConstraintRules {

    private ConstraintRules() {}

    static List<String> evaluate(Placement placement, Constraint c) {
        String field = c.field();
        List<String> messages = new ArrayList<>();
        switch (c.operator()) {
            case UNIQUE -> {
                Map<String, Integer> over = filter(tasksByValue(placement, field), n -> n > 1);
                if (!over.isEmpty()) {
                    messages.add(counts(field, over) + ": UNIQUE allows at most 1 task per value of " + field);
                }
            }
            case CLUSTER -> {
                if (c.value().isPresent()) {
                    String v = c.value().get();
                    List<AgentPlacement> wrong = agentsWithTasks(placement, field, value -> !value.equals(v));
                    if (!wrong.isEmpty()) {
                        String hint = "";
                        String scalar = normaliseScalar(v);
                        if (!scalar.equals(v)
                                && wrong.stream()
                                        .anyMatch(a ->
                                                a.fieldValue(field).orElse("").equals(scalar))) {
                            hint = " (Marathon compares CLUSTER values as text and formats the agent's scalar as "
                                    + scalar + ")";
                        }
                        messages.add(agentList(field, wrong) + ": CLUSTER allows only " + field + "=" + v + hint);
                    }
                } else {
                    Map<String, Integer> used = used(tasksByValue(placement, field));
                    if (used.size() > 1) {
                        messages.add(counts(field, used)
                                + ": CLUSTER without a value requires all tasks on one value of " + field);
                    }
                }
            }
            case GROUP_BY -> messages.addAll(groupBy(placement, c));
            case LIKE -> {
                String regex = c.valueOrEmpty();
                List<AgentPlacement> wrong =
                        agentsWithTasks(placement, field, value -> regex.isEmpty() || !value.matches(regex));
                if (!wrong.isEmpty()) {
                    messages.add(agentList(field, wrong)
                            + (regex.isEmpty()
                                    ? ": LIKE with an empty value never matches"
                                    : ": LIKE requires " + field + " to match " + regex));
                }
            }
            case UNLIKE -> {
                String regex = c.valueOrEmpty();
                List<AgentPlacement> wrong =
                        agentsWithTasks(placement, field, value -> regex.isEmpty() || value.matches(regex));
                if (!wrong.isEmpty()) {
                    messages.add(agentList(field, wrong)
                            + (regex.isEmpty()
                                    ? ": UNLIKE with an empty value rejects every agent that has " + field
                                    : ": UNLIKE requires " + field + " not to match " + regex));
                }
            }
            case MAX_PER -> {
                int n = Integer.parseInt(c.valueOrEmpty());
                int limit = Math.max(n, 1);
                Map<String, Integer> over = filter(tasksByValue(placement, field), count -> count > limit);
                if (!over.isEmpty()) {
                    messages.add(counts(field, over) + ": MAX_PER " + n + " allows at most " + plural(limit, "task")
                            + " per value of " + field
                            + (n < 1 ? " (Marathon always accepts the first task on a value)" : ""));
                }
            }
            case IS -> {
                String expected = normaliseScalar(c.valueOrEmpty());
                List<AgentPlacement> wrong = agentsWithTasks(placement, field, value -> !value.equals(expected));
                if (!wrong.isEmpty()) {
                    messages.add(agentList(field, wrong) + ": IS requires " + field + " to be exactly " + expected);
                }
            }
            default -> throw new IllegalStateException("unhandled operator " + c.operator());
        }
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

    private static List<String> groupBy(Placement placement, Constraint c) {
        String field = c.field();
        int n = c.value().map(Integer::parseInt).orElse(0);
        Map<String, Integer> all = tasksByValue(placement, field);
        Map<String, Integer> used = used(all);
        int total = used.values().stream().mapToInt(Integer::intValue).sum();
        List<String> messages = new ArrayList<>();
        if (total == 0) {
            return messages;
        }
        if (n <= 0) {
            if (spread(all) > 1) {
                String m = counts(field, all) + ": GROUP_BY allows a difference of at most 1";
                if (used.size() < all.size()) {
                    m += " (without a value Marathon does not wait for offers from the other values; "
                            + new Constraint(
                                    field, Constraint.Operator.GROUP_BY, Optional.of(Integer.toString(all.size())))
                            + " makes it)";
                }
                messages.add(m);
            }
            return messages;
        }
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
        if (spread(used) > 1) {
            messages.add(counts(field, used) + ": GROUP_BY allows a difference of at most 1");
        }
        return messages;
    }
}
