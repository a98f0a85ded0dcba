package io.mesosharness.placement;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of checking a {@link Placement}: every violation (not just the first), the checks that held, and a
 * {@link #report()} that explains the outcome and shows the placement table.
 *
 * @param placement     the checked placement
 * @param expectation   what was expected, e.g. {@code satisfy [["rack","GROUP_BY","2"]]}
 * @param checks        all checks made (constraints as JSON, or direct checks), in order
 * @param violations    every violation, in the order of the checks
 * @param fieldsToGroup the attributes of violated checks, each shown as a grouped table in the report
 */
public record CheckResult(
        Placement placement,
        String expectation,
        List<String> checks,
        List<Violation> violations,
        List<String> fieldsToGroup) {

    /**
     * One way a placement fails a check.
     *
     * @param check      what was checked: the constraint as JSON ({@code ["rack","GROUP_BY","2"]}) or a direct check
     *                   ({@code at most 1 task per agent})
     * @param constraint the Marathon constraint, empty for direct checks
     * @param message    a sentence with the numbers, e.g.
     *                   {@code rack=a has 3 tasks, rack=b has 1: GROUP_BY allows a difference of at most 1}
     */
    public record Violation(String check, Optional<Constraint> constraint, String message) {

        public Violation {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(message, "message");
            constraint = constraint == null ? Optional.empty() : constraint;
        }

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

    /** {@code true} if no check was violated. */
    public boolean satisfied() {
        return violations.isEmpty();
    }

    /** The checks (constraints as JSON, or direct checks) that the placement satisfies. */
    public List<String> satisfiedChecks() {
        return checks.stream()
                .filter(c -> violations.stream().noneMatch(v -> v.check().equals(c)))
                .toList();
    }

    /**
     * The explanation followed by the placement table, e.g.
     * <pre>
     * Expected /web to satisfy [["rack","GROUP_BY","2"]], but:
     *   rack=a has 3 tasks, rack=b has 1: GROUP_BY allows a difference of at most 1
     * agent  attributes      tasks
     * a1     rack:a;zone:z1  2
     * </pre>
     * When more than one check was made, each violation line starts with its check. For violated checks on an
     * attribute, a view grouped by that attribute follows the table.
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
