package io.mesosharness.assertions;

/** A wait of {@link Waits} did not come true; the message explains why (see {@link Waits}). */
public final class WaitFailedError extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** Why the wait ended: time ran out, or the deployment waited for was replaced (a forced change, a rollback). */
    public enum Kind {
        TIMEOUT,
        DEPLOYMENT_FAILED
    }

    private final Kind kind;

    WaitFailedError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
