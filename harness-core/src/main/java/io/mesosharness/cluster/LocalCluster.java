package io.mesosharness.cluster;

import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A Mesos + Marathon cluster in Docker, started from a {@link Topology}. Read top to bottom: the start (checks before
 * anything starts, one network, every container at once, then the phases awaited in order: ZooKeeper answering, a
 * master leading, every agent registered and active with its attributes, Marathon's framework registered; clean-up
 * after a failed start), the handle, the faults, and the teardown. Every Docker object carries the cluster's labels;
 * {@link #close()}, the JVM shutdown hook, or a later sweep removes them.
 *
 * <p>The parts live in package-private classes of their own: {@link ClusterWiring} (topology → containers),
 * {@link LocalMasters} (leader lookup, master faults), {@link LocalAgent} (agent faults) and {@link ClusterFaults}
 * (leading master, ZooKeeper and Marathon faults).
 */
public final class LocalCluster extends AbstractCluster {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    /** At most this many containers start (or stop) at the same time. */
    private static final int MAX_PARALLEL = 16;

    private final String id;
    private final Topology topology;
    private final ClusterNetwork network;
    private final ClusterWiring wiring;
    private final List<LocalAgent> agents;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    private final LocalMasters masters;
    private final ClusterFaults faults;
    private volatile StartTimings timings;
    private volatile boolean closed;
    private volatile boolean retained;

    private LocalCluster(String id, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.id = id;
        this.topology = topology;
        this.network = network;
        this.wiring = new ClusterWiring(id, topology, network, config);
        this.mesos = new MesosClient(this::mesosUrl, this::agentUrl);
        this.marathon = new MarathonClient(this::marathonUrl);
        this.masters = new LocalMasters(topology, wiring.masters, mesos);
        this.agents = wiring.agents.stream()
                .map(w -> new LocalAgent(w, network, mesos, topology.masterSettings()))
                .toList();
        this.faults = new ClusterFaults(topology, wiring, agents, masters, mesos, marathon);
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
        refuseIf(ImageAvailability.dockerUnavailable(), "docker", topology);
        refuseIf(
                ImageAvailability.unavailable(
                        config,
                        Setting.ZOOKEEPER_IMAGE,
                        Setting.MESOS_MASTER_IMAGE,
                        Setting.MESOS_AGENT_IMAGE,
                        Setting.MARATHON_IMAGE),
                "images",
                topology);
        // Docker containerizer: the agent image needs a docker CLI (docs/DOCKER-APPS.md)
        refuseIf(
                ClusterWiring.dockerCliProblem(
                        topology, config.mesosAgentImage().asCanonicalNameString()),
                "images",
                topology);
        DockerJanitor janitor = new DockerJanitor();
        janitor.sweep(false);
        String id = ClusterLabels.newClusterId(topology.name());
        DockerJanitor.removeAtExit(id);
        LocalCluster cluster;
        try {
            cluster = new LocalCluster(id, topology, ClusterNetwork.create(id), config);
        } catch (RuntimeException e) { // nothing started yet but the network
            janitor.removeCluster(id);
            DockerJanitor.keepAtExit(id);
            throw new ClusterStartException(
                            "cluster", "Cluster " + topology.name() + " did not start: " + e.getMessage(), e)
                    .forCluster(id);
        }
        cluster.startAll(progress, janitor);
        return cluster;
    }

    private static void refuseIf(Optional<String> reason, String component, Topology topology) {
        reason.ifPresent(r -> {
            throw new ClusterStartException(component, "Cannot start cluster " + topology.name() + ": " + r, null);
        });
    }

    /**
     * Starts ZooKeeper and Marathon at once (Marathon's JVM start dominates the whole start; it finds ZooKeeper by
     * retrying), then, once ZooKeeper answers, the masters and agents, each on a thread of its own (their ZooKeeper
     * client backs off for seconds when it finds no server). Then awaits the phases in order. A failed start removes everything, after
     * waiting (up to 15 s) for the starts still in flight.
     */
    private void startAll(Consumer<String> progress, DockerJanitor janitor) {
        long t0 = System.nanoTime();
        String name = name();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        ExecutorService pool = daemonPool(Math.min(MAX_PARALLEL + 2, 2 + wiring.masters.size() + agents.size()));
        try {
            CompletableFuture<Duration> marathonReady = CompletableFuture.supplyAsync(
                    () -> {
                        startComponent("marathon", wiring.marathon);
                        awaitFrameworkRegistered();
                        return Poll.since(t0);
                    },
                    pool);
            inFlight.add(marathonReady);

            startComponent("zookeeper", wiring.zookeeper);
            Duration zkReady = Poll.since(t0);
            progress.accept("mesos-harness " + name + ": zookeeper ready (" + Poll.seconds(zkReady) + ")");

            // Masters and agents connect to ZooKeeper with its C client, which backs off for seconds after finding no
            // server ("Delaying connection after exhaustively trying all servers"): started before ZooKeeper answers,
            // a master sometimes led only ~7 s after it did (seen on the real images under load). Started now, they
            // connect at once; Marathon's JVM start, the long pole, began with ZooKeeper.
            List<CompletableFuture<Void>> masterStarts = wiring.masters.stream()
                    .map(m -> CompletableFuture.runAsync(() -> startComponent(m.getHostname(), m), pool))
                    .toList();
            inFlight.addAll(masterStarts);
            List<CompletableFuture<Void>> agentStarts = agents.stream()
                    .map(a ->
                            CompletableFuture.runAsync(() -> startComponent("agent " + a.name(), a.container()), pool))
                    .toList();
            inFlight.addAll(agentStarts);

            join(masterStarts);
            Duration mastersReady = Poll.since(t0);
            int n = wiring.masters.size();
            progress.accept("mesos-harness " + name + ": " + n + (n == 1 ? " master" : " masters") + " ready, leader "
                    + masters.leaderHostname() + " (" + Poll.seconds(mastersReady) + ")");

            join(agentStarts);
            awaitAgentsRegistered(Duration.ofSeconds(60 + agents.size()));
            Duration agentsReady = Poll.since(t0);
            progress.accept("mesos-harness " + name + ": " + agents.size() + " agents registered ("
                    + Poll.seconds(agentsReady) + ")");
            join(List.of(marathonReady));
            Duration marathonTime = marathonReady.join();
            progress.accept("mesos-harness " + name + ": marathon leader, framework registered ("
                    + Poll.seconds(marathonTime) + ")");
            faults.rememberLogStreams();
            timings = new StartTimings(zkReady, mastersReady, agentsReady, marathonTime, Poll.since(t0));
            progress.accept("mesos-harness " + name + ": ready in " + Poll.seconds(timings.total()) + " (cluster " + id
                    + ", Mesos " + mesosUrl() + ", Marathon " + marathonUrl() + ")");
        } catch (RuntimeException e) {
            pool.shutdownNow(); // interrupts the starts in flight: they end sooner
            ClusterStartException failure = e instanceof ClusterStartException cse
                    ? cse
                    : new ClusterStartException("cluster", "Cluster " + name + " did not start: " + e.getMessage(), e);
            stopAll();
            // the starts still in flight fail fast once their containers are gone; a start that goes on for 15 s may
            // still create a container: then the shutdown hook removes it
            boolean settled = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .handle((ok, failed) -> true)
                    .completeOnTimeout(false, 15, TimeUnit.SECONDS)
                    .join();
            if (settled) {
                stopQuietly(wiring.marathon); // Marathon's start may have created it after stopAll
            }
            janitor.removeCluster(id);
            if (settled) {
                DockerJanitor.keepAtExit(id);
            }
            throw failure.forCluster(id);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExecutorService daemonPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mesos-harness-start-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for all; the first failure is rethrown as it was. */
    private static void join(List<? extends CompletableFuture<?>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private void startComponent(String component, GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable t = e; t.getCause() != null && t.getCause() != t; t = t.getCause()) {
                message.append(": ").append(t.getCause().getMessage());
            }
            throw new ClusterStartException(
                    component,
                    component + " of cluster " + name() + " did not become ready: " + message
                            + lastLogLines(component, container),
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
                            .flatMap(a -> a.registrationProblem(seen).stream())
                            .collect(Collectors.joining("; ")));
        } catch (WaitTimeoutException e) {
            List<Agent> seen = LocalAgent.safeAgents(mesos);
            LocalAgent first = agents.stream()
                    .filter(a -> a.registrationProblem(seen).isPresent())
                    .findFirst()
                    .orElse(agents.get(0));
            String component = "agent " + first.name();
            throw new ClusterStartException(component, e.getMessage() + lastLogLines(component, first.container()), e);
        }
    }

    private void awaitFrameworkRegistered() {
        try {
            Poll.until(
                    Duration.ofSeconds(60),
                    "Marathon's framework registered with the leading master",
                    () -> ClusterFaults.marathonFrameworkProblem(mesos.frameworks()),
                    Optional::isEmpty,
                    problem -> problem.orElse("registered"));
        } catch (WaitTimeoutException e) {
            throw new ClusterStartException("marathon", e.getMessage() + lastLogLines("marathon", wiring.marathon), e);
        }
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

    /**
     * What Marathon's launcher said about its class-data archive ({@code using …}, {@code writing …}, {@code not
     * used (…)}), empty when the archive is off; see {@link io.mesosharness.containers.ClassDataArchive}.
     */
    public Optional<String> marathonClassDataArchive() {
        return wiring.marathon.getClassDataArchiveStatus();
    }

    @Override
    public boolean isExternal() {
        return false;
    }

    @Override
    public URI mesosUrl() {
        return masters.mesosUrl();
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

    private URI agentUrl(String agentId) {
        String hostname = mesos.agent(agentId)
                .map(Agent::hostname)
                .orElseThrow(() -> new IllegalArgumentException("The master knows no agent " + agentId));
        return URI.create(localAgent(hostname)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Agent " + agentId + " (" + hostname + ") is not part of cluster " + name()))
                .container()
                .getAgentUrl());
    }

    private Optional<LocalAgent> localAgent(String hostname) {
        return agents.stream().filter(a -> a.name().equals(hostname)).findFirst();
    }

    @Override
    protected boolean onAgentHeldDown(MesosTask task) {
        return "TASK_UNREACHABLE".equals(task.state()) && agents.stream().anyMatch(a -> a.isHeldDown(task.agentId()));
    }

    /** Ends forgotten tasks inside their agents' containers (the harness owns the agents); see {@link ResetRun}. */
    @Override
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        // the master not answering: every task is reported as not ended
        Map<String, String> hostnames =
                LocalAgent.safeAgents(mesos).stream().collect(Collectors.toMap(Agent::id, Agent::hostname));
        return tasks.stream()
                .map(task -> Optional.ofNullable(hostnames.get(task.agentId()))
                        .flatMap(this::localAgent)
                        .map(a -> a.endTask(task))
                        .orElse(task.id() + ": its agent " + task.agentId() + " is not one of this cluster's"))
                .toList();
    }

    // ---------------------------------------------------------------- faults

    @Override
    public List<MasterHandle> masters() {
        return masters.handles;
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

    // ---------------------------------------------------------------- logs, retain, teardown

    @Override
    public Map<String, String> recentLogs(int lines) {
        Map<String, String> logs = new LinkedHashMap<>();
        wiring.components().forEach((component, container) -> logs.put(component, tail(container, lines)));
        return logs;
    }

    private static String lastLogLines(String component, GenericContainer<?> c) {
        return "\n--- last 60 log lines of " + component + " ---\n" + tail(c, 60);
    }

    private static String tail(GenericContainer<?> c, int lines) {
        try {
            if (c.getContainerId() == null) {
                return "(not started)";
            }
            String[] all = c.getLogs().split("\n");
            return String.join("\n", Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        } catch (RuntimeException e) {
            return "(logs not available: " + e.getMessage() + ")";
        }
    }

    /**
     * Keeps the cluster after the JVM (out of the shutdown hook, marked for the sweeps; its containers and network
     * survive the JVM because they never carry Testcontainers' session label).
     */
    @Override
    public String retain() {
        retained = true;
        DockerJanitor.retain(id);
        String label = ClusterLabels.CLUSTER + "=" + id;
        return "Cluster " + name() + " (" + id + ") is kept running for inspection:\n"
                + "  Mesos    " + mesosUrl() + "\n"
                + "  Marathon " + marathonUrl() + "\n"
                + "  containers: docker ps --filter label=" + label + "\n"
                + "  remove it:  docker rm -f $(docker ps -aq --filter label=" + label + ") && docker network rm " + id
                + " && docker volume rm " + id + "-retained   (or: ./mesos-harness down " + id + ")";
    }

    /**
     * Removes the cluster: Marathon first when it writes its class-data archive (it needs ZooKeeper and the master
     * while it exits), then every container at once, one Docker call each, with the network and volumes (the Docker
     * engine's own removal is the floor; reverse start order only added waits). A retained cluster stays.
     */
    @Override
    public void close() {
        marathon.close();
        mesos.close();
        if (closed || retained) {
            return;
        }
        closed = true;
        letMarathonWriteItsArchive();
        new DockerJanitor().removeCluster(id);
        DockerJanitor.keepAtExit(id);
    }

    /** After a failed start, while other starts may still be in flight: every container stopped at once. */
    private void stopAll() {
        letMarathonWriteItsArchive();
        List<ComponentContainer<?>> all = List.copyOf(wiring.components().values());
        ExecutorService pool = daemonPool(Math.min(MAX_PARALLEL, all.size()));
        try {
            join(all.stream()
                    .map(c -> CompletableFuture.runAsync(() -> stopQuietly(c), pool))
                    .toList());
            network.close();
        } catch (RuntimeException e) {
            // removed with the cluster's labels
        } finally {
            pool.shutdownNow();
        }
    }

    private void letMarathonWriteItsArchive() {
        if (wiring.marathon.isWritingClassDataArchive()) {
            stopQuietly(wiring.marathon);
        }
    }

    private static void stopQuietly(GenericContainer<?> c) {
        try {
            if (c.getContainerId() != null) {
                c.stop();
            }
        } catch (RuntimeException e) {
            LOG.debug("mesos-harness: stopping {} failed: {}", c.getContainerName(), e.getMessage());
        }
    }
}
