package io.mesosharness.placement;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A constraint that Marathon would reject with {@code 422 Object is not valid}. The message names the constraint as
 * JSON and carries Marathon's own error text, available unchanged from {@link #marathonMessage()}.
 */
public final class InvalidConstraintException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> constraint;
    private final String marathonMessage;

    /** Message: {@code Invalid constraint <json>: <before><marathonMessage><after>}. */
    InvalidConstraintException(List<String> constraint, String before, String marathonMessage, String after) {
        this(
                "Invalid constraint " + Constraint.json(constraint) + ": " + before + marathonMessage + after,
                constraint == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(constraint)),
                marathonMessage,
                null);
    }

    private InvalidConstraintException(
            String message, List<String> constraint, String marathonMessage, Throwable cause) {
        super(message, cause);
        this.constraint = constraint;
        this.marathonMessage = marathonMessage;
    }

    /** Same problem, message prefixed with where the constraint sits (e.g. {@code constraints[2]: }). */
    InvalidConstraintException at(String prefix) {
        return new InvalidConstraintException(prefix + getMessage(), constraint, marathonMessage, this);
    }

    /** The rejected constraint as given (strings; {@code null} entries kept). */
    public List<String> constraint() {
        return constraint;
    }

    /** The error text Marathon puts into {@code details[].errors[]} of its 422 answer for this constraint. */
    public String marathonMessage() {
        return marathonMessage;
    }
}
