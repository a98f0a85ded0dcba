package io.mesosharness.placement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The outcome of checking a {@link Placement}: every violation (not just the first), the checks that held, and a
 * {@link #report()} that explains the outcome and shows the placement table.
 */
public final class CheckResult {

    private final Placement placement;
    private final String expectation;
    private final List<String> checks;
    private final List<Violation> violations;
    private final List<String> fieldsToGroup;

    CheckResult(
            Placement placement,
            String expectation,
            List<String> checks,
            List<Violation> violations,
            List<String> fieldsToGroup) {
        this.placement = Objects.requireNonNull(placement, "placement");
        this.expectation = Objects.requireNonNull(expectation, "expectation");
        this.checks = List.copyOf(checks);
        this.violations = List.copyOf(violations);
        this.fieldsToGroup = List.copyOf(fieldsToGroup);
    }

    /** {@code true} if no check was violated. */
    public boolean satisfied() {
        return violations.isEmpty();
    }

    /** Every violation, in the order of the checks. */
    public List<Violation> violations() {
        return violations;
    }

    /** The checks (constraints as JSON, or direct checks) that the placement satisfies. */
    public List<String> satisfiedChecks() {
        Set<String> violated = new LinkedHashSet<>();
        violations.forEach(v -> violated.add(v.check()));
        return checks.stream().filter(c -> !violated.contains(c)).toList();
    }

    /** All checks made, in order. */
    public List<String> checks() {
        return checks;
    }

    /** The checked placement. */
    public Placement placement() {
        return placement;
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
        StringBuilder out = new StringBuilder();
        out.append("Expected ").append(placement.appId()).append(" to ").append(expectation);
        if (satisfied()) {
            out.append(", and it does (").append(placement.totalTasks()).append(" tasks):");
        } else {
            out.append(", but:");
            for (Violation v : violations) {
                out.append("\n  ");
                if (checks.size() > 1) {
                    out.append(v.check()).append(": ");
                }
                out.append(v.message());
            }
        }
        out.append('\n').append(PlacementTable.render(placement));
        if (!satisfied()) {
            List<String> fields = new ArrayList<>(fieldsToGroup);
            for (String field : fields) {
                out.append("\n\nby ").append(field).append(":\n").append(PlacementTable.render(placement, field));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
