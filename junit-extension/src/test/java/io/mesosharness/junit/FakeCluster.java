package io.mesosharness.junit;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.Failover;
import io.mesosharness.cluster.MasterHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** A cluster that starts nothing: agents from the topology, real clients pointing nowhere, counters for the calls. */
final class FakeCluster implements MesosClusterHandle {

    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    /** The groups {@link #resetGroup(String)} was asked to remove (a class's namespace), in order. */
    final List<String> groupResets = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final boolean backed;
    private final String id = "fake-" + UUID.randomUUID().toString().substring(0, 8);
    private final Topology topology;
    private final boolean external;
    private final URI mesosUrl;
    private final URI marathonUrl;
    private final MarathonClient marathon;
    private final MesosClient mesos;
    private final List<AgentHandle> agents;

    FakeCluster(Topology topology, boolean external, String mesosUrl, String marathonUrl) {
        this.topology = topology;
        this.external = external;
        this.mesosUrl = URI.create(mesosUrl);
        this.marathonUrl = URI.create(marathonUrl);
        this.backed = marathonUrl.startsWith("http://127.0.0.1:");
        this.marathon = new MarathonClient(() -> this.marathonUrl);
        this.mesos = new MesosClient(() -> this.mesosUrl);
        this.agents = topology.expandedAgents().stream()
                .map(spec -> (AgentHandle) new FakeAgent(spec.hostname()))
                .toList();
    }

    Topology topology() {
        return topology;
    }

    boolean closed() {
        return closes.get() > 0;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return external ? "external" : topology.name();
    }

    @Override
    public boolean isExternal() {
        return external;
    }

    @Override
    public URI mesosUrl() {
        return mesosUrl;
    }

    @Override
    public URI marathonUrl() {
        return marathonUrl;
    }

    @Override
    public MarathonClient marathon() {
        return marathon;
    }

    @Override
    public MesosClient mesos() {
        return mesos;
    }

    @Override
    public List<AgentHandle> agents() {
        return agents;
    }

    @Override
    public AgentHandle agent(String name) {
        return agents.stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no agent " + name));
    }

    @Override
    public List<AgentHandle> agentsRunning(String appId) {
        return List.of();
    }

    @Override
    public Failover stopLeadingMaster() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<MasterHandle> masters() {
        return List.of();
    }

    @Override
    public void restartZooKeeper() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restartMarathon() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Duration reset() {
        resets.incrementAndGet();
        return Duration.ZERO;
    }

    /** Counts like {@link #reset()}; with a Marathon behind the fake ({@link InMemoryMarathon}), removes the group. */
    @Override
    public Duration resetGroup(String groupId) {
        resets.incrementAndGet();
        groupResets.add(groupId);
        if (backed) {
            try {
                marathon.forced().deleteGroup(groupId);
            } catch (io.mesosharness.marathon.MarathonException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
            }
        }
        return Duration.ZERO;
    }

    @Override
    public Map<String, String> recentLogs(int lines) {
        if (external) {
            return Map.of();
        }
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("zookeeper", "zk line (last " + lines + ")");
        logs.put("master", "master line");
        agents.forEach(a -> logs.put("agent " + a.name(), "agent line of " + a.name()));
        logs.put("marathon", "marathon line");
        return logs;
    }

    @Override
    public String describeState() {
        return "Marathon apps (1):\n  /fake-app  1 running\n";
    }

    @Override
    public String retain() {
        return "kept running for inspection (fake)";
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }

    /** The fake behind a handle the extension injected (a class's namespaced view of a shared cluster). */
    static FakeCluster of(MesosClusterHandle handle) {
        return (FakeCluster)
                (handle instanceof io.mesosharness.cluster.NamespacedCluster view ? view.shared() : handle);
    }

    private record FakeAgent(String name) implements AgentHandle {
        @Override
        public Map<String, String> attributes() {
            return Map.of();
        }

        @Override
        public Optional<String> agentId() {
            return Optional.empty();
        }

        @Override
        public void stop() {}

        @Override
        public void start() {}

        @Override
        public void pause() {}

        @Override
        public void unpause() {}

        @Override
        public void disconnect() {}

        @Override
        public void reconnect() {}

        @Override
        public String exec(String... command) {
            return "";
        }
    }
}
