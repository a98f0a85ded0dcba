package io.mesosharness.cluster;

import java.net.URI;

/**
 * One Mesos master of a cluster. {@link #stop()} and {@link #start()} return once the cluster has observed the change
 * and throw {@link FaultInjectionException} otherwise; against an external cluster they throw
 * {@link UnsupportedOperationException}.
 */
public interface MasterHandle {

    /** The master's hostname, as Mesos and the other masters know it ({@code master}, {@code master-2}). */
    String name();

    /** The master's URL as reachable from the test JVM. */
    URI url();

    /** Whether this master leads now. */
    boolean isLeading();

    /**
     * Kills the master; returns once it is down and, if a quorum is left, some master leads. Refused when it would
     * leave fewer masters than the quorum.
     */
    void stop();

    /** Starts a stopped master; returns once it answers again and knows the leading master. */
    void start();
}
