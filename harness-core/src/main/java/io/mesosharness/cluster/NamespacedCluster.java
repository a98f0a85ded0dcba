package io.mesosharness.cluster;

import io.mesosharness.marathon.AppNamespace;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One test class's view of a shared cluster: its apps live in an {@link AppNamespace} ({@code /web} is deployed as
 * {@code /web-deploy-test/web}), app ids given here resolve the same way, and {@link #reset()} removes only the
 * namespace, so classes with different namespaces may run at the same time on one cluster. Everything else (agents,
 * Mesos, faults, logs) is the shared cluster's. {@link #close()} closes the view, not the cluster.
 */
public final class NamespacedCluster implements MesosClusterHandle {

    private final MesosClusterHandle shared;
    private final AppNamespace namespace;
    private final MarathonClient marathon;

    private NamespacedCluster(MesosClusterHandle shared, AppNamespace namespace) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.marathon = shared.marathon().inNamespace(namespace);
    }

    /** A view of {@code shared} whose apps live in the namespace {@code /name}. */
    public static NamespacedCluster of(MesosClusterHandle shared, String name) {
        return new NamespacedCluster(shared, AppNamespace.of(name));
    }

    public AppNamespace namespace() {
        return namespace;
    }

    public MesosClusterHandle shared() {
        return shared;
    }

    @Override
    public String id() {
        return shared.id();
    }

    @Override
    public String name() {
        return shared.name();
    }

    @Override
    public boolean isExternal() {
        return shared.isExternal();
    }

    @Override
    public URI mesosUrl() {
        return shared.mesosUrl();
    }

    @Override
    public URI marathonUrl() {
        return shared.marathonUrl();
    }

    @Override
    public MarathonClient marathon() {
        return marathon;
    }

    @Override
    public MesosClient mesos() {
        return shared.mesos();
    }

    @Override
    public List<AgentHandle> agents() {
        return shared.agents();
    }

    @Override
    public AgentHandle agent(String name) {
        return shared.agent(name);
    }

    @Override
    public List<AgentHandle> agentsRunning(String appId) {
        return shared.agentsRunning(namespace.qualify(appId));
    }

    @Override
    public List<MasterHandle> masters() {
        return shared.masters();
    }

    @Override
    public Failover stopLeadingMaster() {
        return shared.stopLeadingMaster();
    }

    @Override
    public void restartZooKeeper() {
        shared.restartZooKeeper();
    }

    @Override
    public void restartMarathon() {
        shared.restartMarathon();
    }

    @Override
    public Duration reset() {
        return shared.resetGroup(namespace.group());
    }

    /** A group id given here lies in the namespace, like app ids. */
    @Override
    public Duration resetGroup(String groupId) {
        return shared.resetGroup(namespace.qualify(groupId));
    }

    @Override
    public Map<String, String> recentLogs(int lines) {
        return shared.recentLogs(lines);
    }

    @Override
    public String describeState() {
        return "App namespace " + namespace.group() + " of shared cluster " + shared.name() + " (ids below are "
                + "Marathon's):\n" + shared.describeState();
    }

    @Override
    public String retain() {
        return shared.retain();
    }

    @Override
    public void close() {
        marathon.close();
    }

    @Override
    public String toString() {
        return "cluster " + shared.name() + " (" + shared.id() + "), app namespace " + namespace.group();
    }
}
