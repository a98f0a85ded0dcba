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

    InvalidConstraintException(List<String> constraint, String marathonMessage, String detail) {
        super("Invalid constraint " + Json.array(constraint) + ": " + (detail == null ? marathonMessage : detail));
        this.constraint = constraint == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(constraint));
        this.marathonMessage = marathonMessage;
    }

    private InvalidConstraintException(String prefix, InvalidConstraintException cause) {
        super(prefix + cause.getMessage(), cause);
        this.constraint = cause.constraint;
        this.marathonMessage = cause.marathonMessage;
    }

    /** Same problem, message prefixed with where the constraint sits (e.g. {@code constraints[2]: }). */
    InvalidConstraintException at(String prefix) {
        return new InvalidConstraintException(prefix, this);
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
