package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A Mesos + Marathon cluster in Docker, started from a {@link Topology}. Read top to bottom: the start (checks before
 * anything starts, one network, every container at once, then the phases awaited in order: ZooKeeper answering, a
 * master leading, every agent registered and active with its attributes, Marathon's framework registered; clean-up
 * after a failed start), the handle, the faults, and the teardown. Every Docker object carries the cluster's labels;
 * {@link #close()}, the JVM shutdown hook, or a later sweep removes them.
 *
 * <p>The parts live in package-private classes of their own: {@link ClusterWiring} (topology → containers),
 * {@link LeaderLookup}, {@link LocalAgent} (agent faults), {@link LocalMaster}, {@link ClusterFaults} (master,
 * ZooKeeper and Marathon faults) and {@link ClusterTeardown}.
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

    // ---------------------------------------------------------------- start

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
        ImageAvailability.dockerUnavailable().ifPresent(reason -> {
            throw new ClusterStartException("docker", "Cannot start cluster " + topology.name() + ": " + reason, null);
        });
        ImageAvailability.unavailable(
                        config,
                        Setting.ZOOKEEPER_IMAGE,
                        Setting.MESOS_MASTER_IMAGE,
                        Setting.MESOS_AGENT_IMAGE,
                        Setting.MARATHON_IMAGE)
                .ifPresent(reason -> {
                    throw new ClusterStartException(
                            "images", "Cannot start cluster " + topology.name() + ": " + reason, null);
                });
        // Docker containerizer: the agent image needs a docker CLI (docs/DOCKER-APPS.md)
        DockerAgents.imageProblem(topology, config.mesosAgentImage().asCanonicalNameString())
                .ifPresent(reason -> {
                    throw new ClusterStartException(
                            "images", "Cannot start cluster " + topology.name() + ": " + reason, null);
                });
        DockerJanitor janitor = new DockerJanitor();
        janitor.sweep(false);
        String id = ClusterLabels.newClusterId(topology.name());
        ShutdownCleanup.register(id);
        LocalCluster cluster;
        try {
            cluster = new LocalCluster(id, topology, ClusterNetwork.create(id), config);
        } catch (RuntimeException e) { // nothing started yet but the network
            janitor.removeCluster(id);
            ShutdownCleanup.forget(id);
            throw new ClusterStartException(
                            "cluster", "Cluster " + topology.name() + " did not start: " + e.getMessage(), e)
                    .forCluster(id);
        }
        cluster.startAll(progress, janitor);
        return cluster;
    }

    /**
     * Starts every component at once, with ZooKeeper: Marathon's JVM start dominates the whole start and Marathon, the
     * masters and the agents all find ZooKeeper (and through it each other) by retrying on their own. Masters and
     * agents get threads of their own. Then awaits the phases in order and remembers what Marathon runs (the baseline
     * of {@link #reset()}). A failed start removes everything, after waiting (up to 15 s) for the starts still in
     * flight.
     */
    private void startAll(Consumer<String> progress, DockerJanitor janitor) {
        long t0 = System.nanoTime();
        String name = name();
        List<MesosMasterContainer> masterContainers = wiring.masters;
        AtomicBoolean failed = new AtomicBoolean();
        List<CompletableFuture<?>> inFlight = new CopyOnWriteArrayList<>();
        ExecutorService pool = StartPool.create(
                Math.min(StartPool.MAX_PARALLEL_STARTS + 2, 2 + masterContainers.size() + agents.size()));
        try {
            CompletableFuture<Duration> marathonReady = CompletableFuture.supplyAsync(
                    () -> {
                        if (failed.get()) {
                            throw new ClusterStartException(
                                    "marathon", "not started: the cluster failed already", null);
                        }
                        startComponent("marathon", wiring.marathon);
                        awaitFrameworkRegistered(Duration.ofSeconds(60));
                        return StartPool.since(t0);
                    },
                    pool);
            inFlight.add(marathonReady);
            List<CompletableFuture<Void>> masterStarts = masterContainers.stream()
                    .map(m -> CompletableFuture.runAsync(() -> startComponent(m.getHostname(), m), pool))
                    .toList();
            inFlight.addAll(masterStarts);
            List<CompletableFuture<Void>> agentStarts = agents.stream()
                    .map(a ->
                            CompletableFuture.runAsync(() -> startComponent("agent " + a.name(), a.container()), pool))
                    .toList();
            inFlight.addAll(agentStarts);

            startComponent("zookeeper", wiring.zookeeper);
            Duration zkReady = StartPool.since(t0);
            progress.accept("mesos-harness " + name + ": zookeeper ready (" + Poll.seconds(zkReady) + ")");

            StartPool.join(masterStarts);
            Duration mastersReady = StartPool.since(t0);
            progress.accept("mesos-harness " + name + ": " + masterContainers.size()
                    + (masterContainers.size() == 1 ? " master" : " masters") + " ready, leader "
                    + leader.leaderHostname() + " (" + Poll.seconds(mastersReady) + ")");

            StartPool.join(agentStarts);
            awaitAgentsRegistered(Duration.ofSeconds(60 + agents.size()));
            Duration agentsReady = StartPool.since(t0);
            progress.accept("mesos-harness " + name + ": " + agents.size() + " agents registered ("
                    + Poll.seconds(agentsReady) + ")");
            Duration marathonTime = StartPool.join(List.of(marathonReady)).get(0);
            progress.accept("mesos-harness " + name + ": marathon leader, framework registered ("
                    + Poll.seconds(marathonTime) + ")");
            faults.rememberLogStreams();
            timings = new StartTimings(zkReady, mastersReady, agentsReady, marathonTime, StartPool.since(t0));
            progress.accept("mesos-harness " + name + ": ready in " + Poll.seconds(timings.total()) + " (cluster " + id
                    + ", Mesos " + mesosUrl() + ", Marathon " + marathonUrl() + ")");
        } catch (RuntimeException e) {
            failed.set(true);
            pool.shutdownNow(); // interrupts the starts in flight: they end sooner
            ClusterStartException failure = e instanceof ClusterStartException cse
                    ? cse
                    : new ClusterStartException("cluster", "Cluster " + name + " did not start: " + e.getMessage(), e);
            ClusterTeardown.stopAll(wiring, network);
            boolean settled = awaitInFlight(inFlight, Duration.ofSeconds(15));
            janitor.removeCluster(id);
            if (settled) {
                ShutdownCleanup.forget(id); // else the shutdown hook removes what a late start may still create
            }
            throw failure.forCluster(id);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for the starts still in flight to end (they fail fast once their containers are gone); false if one goes on. */
    private boolean awaitInFlight(List<CompletableFuture<?>> inFlight, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<?> start : inFlight) {
            try {
                start.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | CancellationException e) {
                // failed as expected; its container (if any) is removed with the cluster's labels
            }
        }
        ClusterTeardown.stopQuietly(wiring.marathon); // Marathon's start may have created it after stopAll
        return true;
    }

    private void startComponent(String component, GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new ClusterStartException(
                    component,
                    component + " of cluster " + name() + " did not become ready: " + rootMessage(e)
                            + ClusterTeardown.lastLogLines(component, container, 60),
                    e);
        }
    }

    private void awaitAgentsRegistered(Duration timeout) {
        try {
            Poll.until(
                    timeout,
                    agents.size() + " agents registered and active with their attributes",
                    mesos::agents,
                    seen -> agents.stream()
                            .allMatch(a -> a.registrationProblem(seen).isEmpty()),
                    seen -> agents.stream()
                            .map(a -> a.registrationProblem(seen))
                            .flatMap(Optional::stream)
                            .collect(Collectors.joining("; ")));
        } catch (WaitTimeoutException e) {
            LocalAgent first = agents.stream()
                    .filter(a ->
                            a.registrationProblem(LocalAgent.safeAgents(mesos)).isPresent())
                    .findFirst()
                    .orElse(agents.get(0));
            throw new ClusterStartException(
                    "agent " + first.name(),
                    e.getMessage() + ClusterTeardown.lastLogLines("agent " + first.name(), first.container(), 60),
                    e);
        }
    }

    private void awaitFrameworkRegistered(Duration timeout) {
        try {
            Poll.until(
                    timeout,
                    "Marathon's framework registered with the leading master",
                    mesos::frameworks,
                    fs -> fs.stream().anyMatch(f -> ClusterFaults.MARATHON_FRAMEWORK.equals(f.name()) && f.active()),
                    fs -> "frameworks "
                            + fs.stream()
                                    .map(f -> f.name() + (f.active() ? "" : " (inactive)"))
                                    .toList());
        } catch (WaitTimeoutException e) {
            throw new ClusterStartException(
                    "marathon", e.getMessage() + ClusterTeardown.lastLogLines("marathon", wiring.marathon, 60), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder out = new StringBuilder(String.valueOf(t.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            out.append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    /**
     * What Marathon's launcher said about its class-data archive ({@code using …}, {@code writing …}, {@code not
     * used (…)}), empty when the archive is off; see {@link io.mesosharness.containers.ClassDataArchive}.
     */
    public Optional<String> marathonClassDataArchive() {
        return wiring.marathon.getClassDataArchiveStatus();
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
