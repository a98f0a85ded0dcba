package io.mesosharness.cluster;

import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.marathon.MarathonException;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.testing.FakeAgent;
import io.mesosharness.testing.FakeServer;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A cluster that starts nothing: real clients calling a {@link FakeServer} (or URLs where nothing answers), fake agents,
 * counters for resets and closes. Its reset counts; {@link AbstractCluster}'s removal runs on the server behind it.
 */
public final class FakeCluster extends AbstractCluster {

    public final AtomicInteger resets = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();
    /** The groups {@link #resetGroup(String)} was asked to remove (a class's namespace), in order. */
    public final List<String> groupResets = new CopyOnWriteArrayList<>();
    /** The server behind the clients, when the cluster has its own (closed with it); else null. */
    public final FakeServer server;

    private final String id = "fake-" + UUID.randomUUID().toString().substring(0, 8);
    private final Topology topology;
    private boolean external;
    private final URI mesosUrl;
    private final URI marathonUrl;
    private final boolean deletesGroups;
    private final MarathonClient marathon;
    private final MesosClient mesos;
    private final List<AgentHandle> agents = new CopyOnWriteArrayList<>();
    /** How forgotten tasks are ended; by default none is, as on an external cluster. */
    public volatile Function<List<MesosTask>, List<String>> endsForgottenTasks = tasks -> List.of();
    /** Which tasks sit on an agent the test holds down; by default none. */
    public volatile Predicate<MesosTask> heldDown = task -> false;

    /** A cluster named "fake" without agents whose Marathon, master and agents are a new {@link FakeServer}. */
    public FakeCluster() {
        this(new FakeServer(), null, false, null, null);
    }

    /**
     * A cluster with a {@link FakeAgent} per agent of the topology. {@link #resetGroup(String)} deletes the group when
     * Marathon is at 127.0.0.1 (a {@link FakeServer#inMemoryMarathon()}).
     */
    public FakeCluster(Topology topology, boolean external, String mesosUrl, String marathonUrl) {
        this(null, topology, external, URI.create(mesosUrl), URI.create(marathonUrl));
        topology.expandedAgents().forEach(spec -> agents.add(new FakeAgent(spec.hostname())));
    }

    private FakeCluster(FakeServer server, Topology topology, boolean external, URI mesosUrl, URI marathonUrl) {
        this.server = server;
        this.topology = topology;
        this.external = external;
        this.mesosUrl = server != null ? server.url() : mesosUrl;
        this.marathonUrl = server != null ? server.url() : marathonUrl;
        this.deletesGroups = server == null && this.marathonUrl.toString().startsWith("http://127.0.0.1:");
        this.marathon = new MarathonClient(() -> this.marathonUrl);
        this.mesos = new MesosClient(() -> this.mesosUrl, agentId -> this.mesosUrl);
    }

    /** Makes the cluster external. */
    public FakeCluster external() {
        external = true;
        return this;
    }

    public FakeCluster agent(AgentHandle agent) {
        agents.add(agent);
        return this;
    }

    public Topology topology() {
        return topology;
    }

    public boolean closed() {
        return closes.get() > 0;
    }

    /** The fake behind a handle (a class's namespaced view of a shared cluster, or the fake itself). */
    public static FakeCluster of(MesosClusterHandle handle) {
        return (FakeCluster) (handle instanceof NamespacedCluster view ? view.shared() : handle);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return external ? "external" : topology == null ? "fake" : topology.name();
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
        return List.copyOf(agents);
    }

    @Override
    public List<AgentHandle> agentsRunning(String appId) {
        return List.of();
    }

    @Override
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        return endsForgottenTasks.apply(tasks);
    }

    @Override
    protected boolean onAgentHeldDown(MesosTask task) {
        return heldDown.test(task);
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

    /** Counts like {@link #reset()}; with an in-memory Marathon behind the fake, removes the group. */
    @Override
    public Duration resetGroup(String groupId) {
        resets.incrementAndGet();
        groupResets.add(groupId);
        if (deletesGroups) {
            try {
                marathon.forced().deleteGroup(groupId);
            } catch (MarathonException e) {
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
        if (server != null) {
            marathon.close();
            mesos.close();
            server.close();
        }
    }
}
