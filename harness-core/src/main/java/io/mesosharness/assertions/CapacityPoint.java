package io.mesosharness.assertions;

import java.time.Instant;

/**
 * One moment of an app's capacity timeline: after what happened at {@code at} ({@code cause}), so many instances of
 * the app were healthy (running, passing their health checks if it has any, ready if it has readiness checks),
 * running ({@code TASK_RUNNING}) and staged (launched, not yet running). {@code seq} orders the points of every app
 * of one recording, also when timestamps are equal.
 */
public record CapacityPoint(long seq, Instant at, String appId, int healthy, int running, int staged, String cause) {

    /** Running plus staged: what counts against {@code maximumOverCapacity}. */
    public int launched() {
        return running + staged;
    }
}
