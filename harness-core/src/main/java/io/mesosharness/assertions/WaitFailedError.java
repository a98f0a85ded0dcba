package io.mesosharness.assertions;

/**
 * A wait of {@link Waits} or a check of {@link AppAssert} did not come true. The message explains why without a log:
 * the app's counts, its deployments, Marathon's queue entry with the offer-reject summary, and the placement.
 */
public final class WaitFailedError extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** Why the wait ended. */
    public enum Kind {
        /** The time ran out before the expected state was seen. */
        TIMEOUT,
        /** The deployment waited for was replaced by another before it finished (a forced change, a rollback). */
        DEPLOYMENT_FAILED
    }

    private final Kind kind;

    WaitFailedError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Why the wait ended. */
    public Kind kind() {
        return kind;
    }
}
