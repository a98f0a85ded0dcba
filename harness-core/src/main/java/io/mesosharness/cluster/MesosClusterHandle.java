package io.mesosharness.cluster;

import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Mesos + Marathon cluster a test holds: a local one the harness started in Docker ({@link LocalCluster}), or an
 * existing one reached by URL ({@link ExternalCluster}). Gives real clients, the agents by name, fault injection
 * (local clusters only) and a reset between tests.
 */
public interface MesosClusterHandle extends AutoCloseable {

    /** Unique id; on a local cluster also the value of the {@link ClusterLabels#CLUSTER} label. */
    String id();

    /** The topology's name, or "external". */
    String name();

    /** True when the harness started nothing and must break nothing. */
    boolean isExternal();

    /** The leading Mesos master's URL as reachable from the test JVM. */
    URI mesosUrl();

    /** Marathon's URL as reachable from the test JVM. */
    URI marathonUrl();

    MarathonClient marathon();

    MesosClient mesos();

    /** Every agent of the cluster, in topology order (external: as the master lists them). */
    List<AgentHandle> agents();

    /** The agent with this name (its hostname), or an exception listing the names there are. */
    AgentHandle agent(String name);

    /**
     * Agents on which the app has a running task as Marathon lists them, in agent order. Tasks that Mesos still runs
     * for the app but Marathon has forgotten are not counted; a warning names them.
     */
    List<AgentHandle> agentsRunning(String appId);

    /** The first agent on which the app has a running task; an exception saying where its tasks are if none. */
    default AgentHandle agentRunning(String appId) {
        List<AgentHandle> running = agentsRunning(appId);
        if (running.isEmpty()) {
            throw new IllegalStateException("No agent runs a task of " + appId + ". " + describeState());
        }
        return running.get(0);
    }

    /** Every Mesos master in topology order (external: the one master it was given), with stop/start (local only). */
    List<MasterHandle> masters();

    /**
     * Stops the leading master; returns once another master leads, the agents re-registered and Marathon is back,
     * with what happened: old and new leader, time to the new leader and until Marathon served again.
     */
    Failover stopLeadingMaster();

    /** Restarts ZooKeeper; returns once the masters have a leader again and Marathon is back. */
    void restartZooKeeper();

    /** Restarts Marathon; returns once it leads again with its framework registered. */
    void restartMarathon();

    /**
     * Removes everything in this handle's app namespace (a {@link NamespacedCluster}: its group; else every top-level
     * app, pod and group) and waits until Mesos runs no task of it, also tasks Marathon forgot (an instance it replaced
     * while its agent was cut off): a local cluster ends those still running 10 s after the removal inside their
     * agent's container, and a warning names them. Returns how long it took.
     *
     * @throws WaitTimeoutException          if something of the removed apps is left after 60 s (the message names it)
     * @throws UnsupportedOperationException on an external cluster without a namespace, where others' apps live
     */
    Duration reset();

    /**
     * Like {@link #reset()} for the group {@code groupId} only (e.g. a test class's app namespace); a group that does
     * not exist is fine. Local and external clusters implement it; the default refuses.
     */
    default Duration resetGroup(String groupId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " (" + name() + ") cannot reset one "
                + "group, so it cannot hold app namespaces: resetGroup(\"" + groupId + "\")");
    }

    /** The last log lines of each component (component name → lines); empty for an external cluster. */
    Map<String, String> recentLogs(int lines);

    /** A readable snapshot of what matters when a test fails: apps and counts, tasks per agent, queue. */
    String describeState();

    /** Keeps a local cluster after the JVM, for inspection, and says how to reach and remove it (external: nothing). */
    String retain();

    /** Removes the cluster (local) or closes the clients (external). */
    @Override
    void close();
}
