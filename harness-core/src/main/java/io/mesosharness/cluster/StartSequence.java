package io.mesosharness.cluster;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.testcontainers.containers.GenericContainer;

/**
 * How a local cluster starts: checks before anything starts (Docker, images, the Docker CLI of Docker agents), then
 * every container at once (ZooKeeper, Marathon, the masters, the agents; each finds ZooKeeper, and through it the
 * others, by retrying), then the phases awaited in order (ZooKeeper answering, a master leading, every agent
 * registered, Marathon's framework registered) with the timing of each, and the clean-up after a failed start.
 */
final class StartSequence {

    private final LocalCluster cluster;
    private final Consumer<String> progress;
    /** Marathon's start while the rest of the cluster starts; a failed start waits for it before cleaning up. */
    private volatile CompletableFuture<Duration> pendingMarathon;
    /** The masters' and agents' starts in flight: a failed start waits for them before cleaning up. */
    private final List<CompletableFuture<Void>> pendingOthers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile boolean failed;

    private StartSequence(LocalCluster cluster, Consumer<String> progress) {
        this.cluster = cluster;
        this.progress = progress;
    }

    /** See {@link LocalCluster#start(Topology, HarnessConfiguration, Consumer)}. */
    static LocalCluster start(Topology topology, HarnessConfiguration config, Consumer<String> progress) {
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
        StartSequence sequence = null;
        try {
            ClusterNetwork network = ClusterNetwork.create(id);
            sequence = new StartSequence(new LocalCluster(id, topology, network, config), progress);
            sequence.startAll();
            sequence.cluster.takeBaseline();
            return sequence.cluster;
        } catch (RuntimeException e) {
            ClusterStartException failure = e instanceof ClusterStartException cse
                    ? cse
                    : new ClusterStartException(
                            "cluster", "Cluster " + topology.name() + " did not start: " + e.getMessage(), e);
            boolean settled = true;
            if (sequence != null) {
                sequence.failed = true;
                ClusterTeardown.stopAll(sequence.cluster.wiring(), sequence.cluster.network());
                settled = sequence.awaitPendingStart(Duration.ofSeconds(15));
            }
            janitor.removeCluster(id);
            if (settled) {
                ShutdownCleanup.forget(id); // else the shutdown hook removes what a late start may still create
            }
            throw failure.forCluster(id);
        }
    }

    private void startAll() {
        long t0 = System.nanoTime();
        String name = cluster.name();
        ClusterWiring wiring = cluster.wiring();
        List<LocalAgent> agents = cluster.localAgents();
        // Every component starts at once, with ZooKeeper: Marathon's JVM start dominates the whole start and Marathon,
        // the masters and the agents all find ZooKeeper (and through it each other) by retrying on their own. Masters
        // and agents get threads of their own (no longer one master after another on a small pool).
        List<MesosMasterContainer> masters = wiring.masters;
        int threads = 2 + masters.size() + agents.size();
        ExecutorService pool = StartPool.create(Math.min(StartPool.MAX_PARALLEL_STARTS + 2, threads));
        try {
            CompletableFuture<Duration> marathonReady = CompletableFuture.supplyAsync(
                    () -> {
                        if (failed) {
                            throw new ClusterStartException(
                                    "marathon", "not started: the cluster failed already", null);
                        }
                        startComponent("marathon", wiring.marathon);
                        awaitFrameworkRegistered(Duration.ofSeconds(60));
                        return StartPool.since(t0);
                    },
                    pool);
            pendingMarathon = marathonReady;
            List<CompletableFuture<Void>> masterStarts = masters.stream()
                    .map(m -> CompletableFuture.runAsync(() -> startComponent(m.getHostname(), m), pool))
                    .toList();
            pendingOthers.addAll(masterStarts);
            List<CompletableFuture<Void>> agentStarts = agents.stream()
                    .map(a ->
                            CompletableFuture.runAsync(() -> startComponent("agent " + a.name(), a.container()), pool))
                    .toList();
            pendingOthers.addAll(agentStarts);

            startComponent("zookeeper", wiring.zookeeper);
            Duration zkReady = StartPool.since(t0);
            progress.accept("mesos-harness " + name + ": zookeeper ready (" + Poll.seconds(zkReady) + ")");

            StartPool.join(masterStarts);
            Duration mastersReady = StartPool.since(t0);
            progress.accept("mesos-harness " + name + ": " + masters.size()
                    + (masters.size() == 1 ? " master" : " masters") + " ready, leader "
                    + cluster.leader().leaderHostname() + " (" + Poll.seconds(mastersReady) + ")");

            StartPool.join(agentStarts);
            awaitAgentsRegistered(agents, Duration.ofSeconds(60 + agents.size()));
            Duration agentsReady = StartPool.since(t0);
            progress.accept("mesos-harness " + name + ": " + agents.size() + " agents registered ("
                    + Poll.seconds(agentsReady) + ")");
            Duration marathonTime = StartPool.join(List.of(marathonReady)).get(0);
            progress.accept("mesos-harness " + name + ": marathon leader, framework registered ("
                    + Poll.seconds(marathonTime) + ")");
            pendingMarathon = null;
            pendingOthers.clear();
            cluster.faults().rememberLogStreams();
            StartTimings timings =
                    new StartTimings(zkReady, mastersReady, agentsReady, marathonTime, StartPool.since(t0));
            cluster.startedIn(timings);
            progress.accept("mesos-harness " + name + ": ready in " + Poll.seconds(timings.total()) + " (cluster "
                    + cluster.id() + ", Mesos " + cluster.mesosUrl() + ", Marathon " + cluster.marathonUrl() + ")");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for the starts still in flight to end (they fail fast once their containers are gone); false if one goes on. */
    private boolean awaitPendingStart(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<?>> pending = new java.util.ArrayList<>(pendingOthers);
        CompletableFuture<Duration> marathon = pendingMarathon;
        if (marathon != null) {
            pending.add(marathon);
        }
        for (CompletableFuture<?> start : pending) {
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
        if (marathon != null) {
            ClusterTeardown.stopQuietly(cluster.wiring().marathon);
        }
        return true;
    }

    private void startComponent(String component, GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new ClusterStartException(
                    component,
                    component + " of cluster " + cluster.name() + " did not become ready: " + rootMessage(e)
                            + ClusterTeardown.lastLogLines(component, container, 60),
                    e);
        }
    }

    private void awaitAgentsRegistered(Collection<LocalAgent> expected, Duration timeout) {
        MesosClient mesos = cluster.mesos();
        try {
            Poll.until(
                    timeout,
                    expected.size() + " agents registered and active with their attributes",
                    mesos::agents,
                    seen -> expected.stream()
                            .allMatch(a -> a.registrationProblem(seen).isEmpty()),
                    seen -> expected.stream()
                            .map(a -> a.registrationProblem(seen))
                            .flatMap(Optional::stream)
                            .collect(Collectors.joining("; ")));
        } catch (WaitTimeoutException e) {
            LocalAgent first = expected.stream()
                    .filter(a ->
                            a.registrationProblem(LocalAgent.safeAgents(mesos)).isPresent())
                    .findFirst()
                    .orElse(expected.iterator().next());
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
                    cluster.mesos()::frameworks,
                    fs -> fs.stream().anyMatch(f -> ClusterFaults.MARATHON_FRAMEWORK.equals(f.name()) && f.active()),
                    fs -> "frameworks "
                            + fs.stream()
                                    .map(f -> f.name() + (f.active() ? "" : " (inactive)"))
                                    .toList());
        } catch (WaitTimeoutException e) {
            throw new ClusterStartException(
                    "marathon",
                    e.getMessage() + ClusterTeardown.lastLogLines("marathon", cluster.wiring().marathon, 60),
                    e);
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
}
