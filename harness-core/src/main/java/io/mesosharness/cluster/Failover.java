package io.mesosharness.cluster;

import java.time.Duration;

/**
 * What {@link MesosClusterHandle#stopLeadingMaster()} observed, timed from the moment the leader was killed: which
 * master led before and which leads now, when the new leader was elected, and when Marathon served again (its
 * {@code /v2/leader} answered), so that failover time can be asserted.
 */
public record Failover(
        String oldLeader, String newLeader, Duration timeToNewLeader, Duration timeUntilMarathonServes) {}
