package io.mesosharness.placement;

import java.util.Objects;
import java.util.Optional;

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

    /** Validates non-null parts. */
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
