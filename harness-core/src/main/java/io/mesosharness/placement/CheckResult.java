package io.mesosharness.placement;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking a {@link Placement}: every violation (not just the first), the checks made, and a
 * {@link #report()} that explains it with the placement table.
 *
 * @param expectation   what was expected, e.g. {@code satisfy [["rack","GROUP_BY","2"]]}
 * @param checks        all checks made (constraints as JSON, or direct checks), in order
 * @param fieldsToGroup the attributes of violated checks, each shown as a grouped table in the report
 */
public record CheckResult(
        Placement placement,
        String expectation,
        List<String> checks,
        List<Violation> violations,
        List<String> fieldsToGroup) {

    /**
     * One way a placement fails a check: the check ({@code ["rack","GROUP_BY","2"]} or {@code at most 1 task per
     * agent}), the constraint (empty for direct checks) and a sentence with the numbers, e.g.
     * {@code rack=a has 3 tasks, rack=b has 1: GROUP_BY allows a difference of at most 1}.
     */
    public record Violation(String check, Optional<Constraint> constraint, String message) {

        @Override
        public String toString() {
            return check + ": " + message;
        }
    }

    public CheckResult {
        checks = List.copyOf(checks);
        violations = List.copyOf(violations);
        fieldsToGroup = List.copyOf(fieldsToGroup);
    }

    public boolean satisfied() {
        return violations.isEmpty();
    }

    /** The checks that the placement satisfies. */
    public List<String> satisfiedChecks() {
        return checks.stream()
                .filter(c -> violations.stream().noneMatch(v -> v.check().equals(c)))
                .toList();
    }

    /**
     * {@code Expected /web to satisfy [...], but:}, one line per violation (starting with its check when more than one
     * check was made), the placement table and, for violated checks on an attribute, a view grouped by it.
     */
    public String report() {
        StringBuilder out = new StringBuilder("Expected " + placement.appId() + " to " + expectation);
        if (satisfied()) {
            out.append(", and it does (").append(placement.totalTasks()).append(" tasks):");
        } else {
            out.append(", but:");
            violations.forEach(v -> out.append("\n  ").append(checks.size() > 1 ? v : v.message()));
        }
        out.append('\n').append(placement.table());
        if (!satisfied()) {
            fieldsToGroup.forEach(
                    f -> out.append("\n\nby ").append(f).append(":\n").append(placement.table(f)));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
