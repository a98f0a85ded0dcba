package io.mesosharness.cluster;

import java.time.Duration;

/**
 * How long each phase of a local cluster's start took, measured from the start call: when ZooKeeper answered, when
 * the masters had a leader, when every agent was registered, when Marathon's framework was registered, and the total.
 */
public record StartTimings(
        Duration zookeeperReady,
        Duration mastersReady,
        Duration agentsRegistered,
        Duration marathonReady,
        Duration total) {}
