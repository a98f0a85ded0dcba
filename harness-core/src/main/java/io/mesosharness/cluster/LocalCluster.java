package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * A Mesos + Marathon cluster in Docker, started from a {@link Topology}: one network, then every container at once
 * (ZooKeeper, Marathon, the masters, the agents; see {@link StartSequence}). Ready means every agent is registered and
 * active with its attributes and Marathon's framework is registered. Every Docker object carries the cluster's labels; {@link #close()}, the JVM
 * shutdown hook, or a later sweep removes them.
 *
 * <p>The jobs live in their own package-private classes: {@link ClusterWiring} (topology → containers),
 * {@link StartSequence} (start phases, clean-up after a failed start), {@link LeaderLookup}, {@link LocalAgent} (agent
 * faults), {@link ClusterFaults} (master, ZooKeeper and Marathon faults) and {@link ClusterTeardown}.
 */
public final class LocalCluster extends AbstractCluster {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    private final String id;
    private final Topology topology;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final ClusterNetwork network;
    private final ClusterWiring wiring;
    private final List<LocalAgent> agents;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    private final LeaderLookup leader;
    private final ClusterFaults faults;
    private final List<MasterHandle> masters;
    private volatile StartTimings timings;

    private volatile boolean closed;
    private volatile boolean retained;

    LocalCluster(String id, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.id = id;
        this.topology = topology;
        this.network = network;
        this.wiring = new ClusterWiring(id, topology, network, config);
        this.mesos = new MesosClient(this::mesosUrl, this::agentUrl);
        this.marathon = new MarathonClient(this::marathonUrl);
        this.leader = new LeaderLookup(topology.name(), wiring.masters, docker, mesos);
        this.agents = wiring.agents.stream()
                .map(w -> new LocalAgent(w, docker, network, mesos, topology.masterSettings()))
                .toList();
        this.faults = new ClusterFaults(topology, wiring, agents, leader, docker, mesos, marathon);
        this.masters = wiring.masters.stream()
                .map(m -> (MasterHandle) new LocalMaster(m, leader, topology, docker, mesos))
                .toList();
    }

    /** Starts the topology with the images and settings of {@link HarnessConfiguration#load()}. */
    public static LocalCluster start(Topology topology) {
        return start(topology, HarnessConfiguration.load(), line -> LOG.info(line));
    }

    /**
     * Starts the topology. Progress lines ("mesos-harness prod-like: zookeeper ready (0.9 s)") go to {@code progress}.
     *
     * @throws ClusterStartException when Docker or an image is missing (before anything starts), or a component does
     *                               not become ready (after removing everything started so far)
     */
    public static LocalCluster start(Topology topology, HarnessConfiguration config, Consumer<String> progress) {
        return StartSequence.start(topology, config, progress);
    }

    /**
     * What Marathon's launcher said about its class-data archive ({@code using …}, {@code writing …}, {@code not
     * used (…)}), empty when the archive is off; see {@link io.mesosharness.containers.ClassDataArchive}.
     */
    public Optional<String> marathonClassDataArchive() {
        return wiring.marathon.getClassDataArchiveStatus();
    }

    // ---------------------------------------------------------------- for the package's job classes

    ClusterWiring wiring() {
        return wiring;
    }

    ClusterNetwork network() {
        return network;
    }

    List<LocalAgent> localAgents() {
        return agents;
    }

    LeaderLookup leader() {
        return leader;
    }

    ClusterFaults faults() {
        return faults;
    }

    void startedIn(StartTimings timings) {
        this.timings = timings;
    }

    // ---------------------------------------------------------------- handle

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return topology.name();
    }

    public Topology topology() {
        return topology;
    }

    /** How long each phase of the start took. */
    public StartTimings startTimings() {
        return timings;
    }

    @Override
    public boolean isExternal() {
        return false;
    }

    @Override
    public URI mesosUrl() {
        return leader.mesosUrl();
    }

    @Override
    public URI marathonUrl() {
        // the published port is fixed when the container is created and survives Marathon's restarts
        return URI.create(wiring.marathon.getMarathonUrl());
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

    /** The ZooKeeper connection string for the test JVM ({@code 127.0.0.1:port}). */
    public String zookeeperConnectString() {
        return wiring.zookeeper.getConnectString();
    }

    private URI agentUrl(String agentId) {
        String hostname = mesos.agent(agentId)
                .map(Agent::hostname)
                .orElseThrow(() -> new IllegalArgumentException("The master knows no agent " + agentId));
        LocalAgent agent = agents.stream()
                .filter(a -> a.name().equals(hostname))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Agent " + agentId + " (" + hostname + ") is not part of cluster " + name()));
        return URI.create(agent.container().getAgentUrl());
    }

    // ---------------------------------------------------------------- faults

    @Override
    public List<MasterHandle> masters() {
        return masters;
    }

    @Override
    public Failover stopLeadingMaster() {
        return faults.stopLeadingMaster();
    }

    @Override
    public void restartZooKeeper() {
        faults.restartZooKeeper();
    }

    @Override
    public void restartMarathon() {
        faults.restartMarathon();
    }

    // ---------------------------------------------------------------- logs, retain, close

    @Override
    public Map<String, String> recentLogs(int lines) {
        return ClusterTeardown.recentLogs(wiring, lines);
    }

    @Override
    protected boolean onAgentHeldDown(MesosTask task) {
        return "TASK_UNREACHABLE".equals(task.state()) && agents.stream().anyMatch(a -> a.isHeldDown(task.agentId()));
    }

    /** Ends forgotten tasks inside their agents' containers (the harness owns the agents); see {@link ResetRun}. */
    @Override
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        Map<String, String> hostnames = new java.util.HashMap<>();
        try {
            mesos.agents().forEach(a -> hostnames.put(a.id(), a.hostname()));
        } catch (RuntimeException e) {
            // the master is not answering: every task is reported as not ended
        }
        List<String> done = new java.util.ArrayList<>();
        for (MesosTask task : tasks) {
            String hostname = hostnames.get(task.agentId());
            done.add(agents.stream()
                    .filter(a -> a.name().equals(hostname))
                    .findFirst()
                    .map(a -> ForgottenTasks.end(a.container(), a.name(), task))
                    .orElse(task.id() + ": its agent " + task.agentId() + " is not one of this cluster's"));
        }
        return done;
    }

    @Override
    public String retain() {
        retained = true;
        ClusterTeardown.markRetained(docker, id);
        return ClusterTeardown.retainedText(id, name(), mesosUrl(), marathonUrl());
    }

    @Override
    public void close() {
        if (closed || retained) {
            marathon.close();
            mesos.close();
            return;
        }
        closed = true;
        marathon.close();
        mesos.close();
        ClusterTeardown.remove(wiring, new DockerJanitor(docker), id);
        ShutdownCleanup.forget(id);
    }
}
