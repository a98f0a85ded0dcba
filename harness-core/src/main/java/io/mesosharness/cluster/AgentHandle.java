package io.mesosharness.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * One Mesos agent of a cluster. The fault-injection calls return once the cluster has observed the change and throw
 * {@link FaultInjectionException} with what was expected and what was seen otherwise; against an external cluster they
 * throw {@link UnsupportedOperationException}.
 */
public interface AgentHandle {

    /** The agent's name: its hostname, which Marathon's hostname constraints compare. */
    String name();

    /** Attributes as rendered by Mesos ({@code rack -> a}). */
    Map<String, String> attributes();

    /** The agent id the leading master knows this agent by, if it is registered. */
    Optional<String> agentId();

    /** Kills the agent process (like {@code docker stop -t 0}); returns when the master marks it unreachable. */
    void stop();

    /**
     * Starts a stopped agent as a host that boots again: same agent id, same work dir, and Mesos ends the tasks that
     * died with it (as after a reboot). Returns when it is registered and active again.
     */
    void start();

    /** {@link #stop()} then {@link #start()}. */
    default void restart() {
        stop();
        start();
    }

    /** Freezes the agent (docker pause); returns when the master marks it unreachable. */
    void pause();

    /** Unfreezes the agent; returns when it is registered and active again. */
    void unpause();

    /** Cuts the agent off the cluster network; returns when the master marks it unreachable. */
    void disconnect();

    /**
     * Reconnects the agent; returns when it has been registered and active for a stability window (after a network
     * cut, an agent flaps between unreachable and active for ~30 s before it stays).
     */
    void reconnect();

    /** Runs a command inside the agent's container (e.g. to read a persistent volume) and returns its stdout. */
    String exec(String... command);
}
