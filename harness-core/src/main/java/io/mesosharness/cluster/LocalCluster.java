package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.MarathonContainer;
import io.mesosharness.containers.MesosAgentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.containers.ZooKeeperContainer;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.Framework;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.MasterSettings;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * A Mesos + Marathon cluster in Docker, started from a {@link Topology}: one network, ZooKeeper, the masters, then the
 * agents and Marathon at the same time. Ready means every agent is registered and active with its attributes and
 * Marathon's framework is registered. Every Docker object carries the cluster's labels; {@link #close()}, the JVM
 * shutdown hook, or a later sweep removes them.
 */
public final class LocalCluster extends AbstractCluster {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final int MAX_PARALLEL_STARTS = 16;
    private static final String MARATHON_FRAMEWORK = "marathon";

    private final String id;
    private final Topology topology;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final ClusterNetwork network;
    private final ZooKeeperContainer zookeeper;
    private final List<MesosMasterContainer> masters;
    private final List<LocalAgent> agents;
    private final MarathonContainer marathonContainer;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    private volatile URI leaderUrl;
    private StartTimings timings;
    /** Marathon's start while the rest of the cluster starts; a failed start waits for it before cleaning up. */
    private volatile CompletableFuture<Duration> pendingMarathon;

    private volatile boolean failed;
    /** Container id → the start time whose log stream is being followed (the first one by Testcontainers). */
    private final Map<String, String> logStreamsSince = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile boolean closed;
    private volatile boolean retained;

    private LocalCluster(String id, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.id = id;
        this.topology = topology;
        this.network = network;
        String zkAlias = "zookeeper";
        this.zookeeper = labelled(
                new ZooKeeperContainer(topology.zookeeper()
                                .image()
                                .map(image -> org.testcontainers.utility.DockerImageName.parse(image)
                                        .asCompatibleSubstituteFor("zookeeper"))
                                .orElse(config.zookeeperImage()))
                        .withNetworkAliases(zkAlias)
                        .withClusterName(topology.name()),
                "zookeeper");
        network.attach(zookeeper, ClusterNetwork.ZOOKEEPER);
        String mesosZk = "zk://" + zkAlias + ":2181/mesos";
        MasterSettings ms = topology.masterSettings();
        this.masters = new ArrayList<>();
        for (int i = 1; i <= topology.masters(); i++) {
            MesosMasterContainer master = network.attach(
                            new MesosMasterContainer(config.mesosMasterImage()), ClusterNetwork.FIRST_MASTER + i - 1)
                    .withExecutable(config.get(Setting.MESOS_MASTER_COMMAND))
                    .withHostname(topology.masters() == 1 ? "master" : "master-" + i)
                    .withZooKeeper(mesosZk)
                    .withQuorum(topology.quorum())
                    .withClusterName(topology.name())
                    .withRegistry(
                            ms.registry() == MasterSettings.Registry.IN_MEMORY
                                    ? MesosMasterContainer.Registry.IN_MEMORY
                                    : MesosMasterContainer.Registry.REPLICATED_LOG)
                    .withAgentPingTimeout(ms.agentPingTimeout())
                    .withMaxAgentPingTimeouts(ms.maxAgentPingTimeouts());
            masters.add(labelled(master, "master"));
        }
        this.agents = new ArrayList<>();
        int agentIndex = 0;
        for (AgentSpec spec : DockerAgents.withOwnPortRanges(topology.expandedAgents())) { // docs/DOCKER-APPS.md
            int host = ClusterNetwork.FIRST_AGENT + agentIndex++;
            MesosAgentContainer agent = network.attach(new MesosAgentContainer(config.mesosAgentImage()), host)
                    .withExecutable(config.get(Setting.MESOS_AGENT_COMMAND))
                    .withHostname(spec.hostname())
                    .withMaster(mesosZk)
                    .withAttributes(spec.attributes())
                    .withResources(spec.resources())
                    .withClusterName(topology.name())
                    // Registration is checked for all agents at once against the leading master (one request per
                    // poll instead of one per agent): the container itself only has to be running.
                    .waitingFor(new RunningWaitStrategy());
            if (spec.usesDocker()) {
                agent.withContainerizers(spec.containerizers()); // Docker containerizer (docs/DOCKER-APPS.md)
            }
            agents.add(new LocalAgent(spec, labelled(agent, "agent"), host));
        }
        var marathonSettings = topology.marathon();
        MarathonContainer m = network.attach(new MarathonContainer(config.marathonImage()), ClusterNetwork.MARATHON)
                .withHostname("marathon")
                .withMaster(mesosZk)
                .withZooKeeper("zk://" + zkAlias + ":2181/marathon")
                .withRole(marathonSettings.role())
                .withPrincipal(marathonSettings.principal())
                .withMinReviveOffersInterval(marathonSettings.minReviveOffersInterval())
                .withClusterName(topology.name());
        if (!marathonSettings.features().isEmpty()) {
            m.withFeatures(marathonSettings.features().toArray(String[]::new));
        }
        marathonSettings.flags().forEach(m::withFlag);
        String entrypoint = config.get(Setting.MARATHON_ENTRYPOINT).trim();
        if (!entrypoint.isEmpty()) {
            m.withEntrypoint(entrypoint);
        }
        this.marathonContainer = labelled(m, "marathon");
        this.mesos = new MesosClient(this::mesosUrl, this::agentUrl);
        this.marathon = new MarathonClient(this::marathonUrl);
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
        LocalCluster cluster = null;
        try {
            ClusterNetwork network = ClusterNetwork.create(id);
            cluster = new LocalCluster(id, topology, network, config);
            cluster.startAll(progress);
            cluster.takeBaseline();
            return cluster;
        } catch (RuntimeException e) {
            ClusterStartException failure = e instanceof ClusterStartException cse
                    ? cse
                    : new ClusterStartException(
                            "cluster", "Cluster " + topology.name() + " did not start: " + e.getMessage(), e);
            boolean settled = true;
            if (cluster != null) {
                cluster.failed = true;
                cluster.closeQuietly();
                settled = cluster.awaitPendingStart(Duration.ofSeconds(15));
            }
            janitor.removeCluster(id);
            if (settled) {
                ShutdownCleanup.forget(id); // else the shutdown hook removes what a late start may still create
            }
            throw failure.forCluster(id);
        }
    }

    /**
     * For benchmarks only – the floor: the same containers created and started all at once, with no ordering and no
     * per-component readiness, then timed until every agent and Marathon's framework are registered. The result is a
     * normal cluster handle (close it); {@link #startTimings()} has only the total.
     */
    public static LocalCluster startFloor(Topology topology, HarnessConfiguration config) {
        String id = ClusterLabels.newClusterId(topology.name() + "-floor");
        ShutdownCleanup.register(id);
        LocalCluster cluster = null;
        try {
            ClusterNetwork network = ClusterNetwork.create(id);
            cluster = new LocalCluster(id, topology, network, config);
            long t0 = System.nanoTime();
            List<GenericContainer<?>> all = new ArrayList<>();
            all.add(cluster.zookeeper);
            all.addAll(cluster.masters);
            cluster.agents.forEach(a -> all.add(a.container));
            all.add(cluster.marathonContainer);
            all.forEach(c -> c.waitingFor(new RunningWaitStrategy()));
            ExecutorService pool =
                    Executors.newFixedThreadPool(Math.min(MAX_PARALLEL_STARTS, all.size()), daemonThreads());
            try {
                runAll(pool, all.stream().map(c -> (Runnable) c::start).toList());
            } finally {
                pool.shutdownNow();
            }
            LocalCluster c = cluster;
            Poll.until(
                    Duration.ofSeconds(180),
                    "every agent and Marathon's framework registered",
                    () -> {
                        c.leaderUrl = null;
                        return c.recoveryProblem();
                    },
                    Optional::isEmpty,
                    p -> p.orElse("ready"));
            Duration total = since(t0);
            cluster.timings = new StartTimings(null, null, null, null, total);
            return cluster;
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.closeQuietly();
            }
            new DockerJanitor().removeCluster(id);
            ShutdownCleanup.forget(id);
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        long t0 = System.nanoTime();
        String name = topology.name();
        ExecutorService pool = Executors.newFixedThreadPool(
                Math.max(2, Math.min(MAX_PARALLEL_STARTS, agents.size() + 1)), daemonThreads());
        try {
            startComponent("zookeeper", zookeeper);
            Duration zkReady = since(t0);
            progress.accept("mesos-harness " + name + ": zookeeper ready (" + Poll.seconds(zkReady) + ")");

            // Marathon's JVM start dominates the whole start: it begins as soon as ZooKeeper answers (its state store
            // and the way it finds the leading master), so that masters and agents start and register meanwhile.
            CompletableFuture<Duration> marathonReady = CompletableFuture.supplyAsync(
                    () -> {
                        if (failed) {
                            throw new ClusterStartException(
                                    "marathon", "not started: the cluster failed already", null);
                        }
                        startComponent("marathon", marathonContainer);
                        awaitFrameworkRegistered(Duration.ofSeconds(60));
                        return since(t0);
                    },
                    pool);
            pendingMarathon = marathonReady;

            runAll(
                    pool,
                    masters.stream()
                            .map(m -> (Runnable) () -> startComponent(m.getHostname(), m))
                            .toList());
            Duration mastersReady = since(t0);
            progress.accept(
                    "mesos-harness " + name + ": " + masters.size() + (masters.size() == 1 ? " master" : " masters")
                            + " ready, leader " + leaderHostname() + " (" + Poll.seconds(mastersReady) + ")");

            List<CompletableFuture<Void>> agentStarts = agents.stream()
                    .map(a -> CompletableFuture.runAsync(() -> startComponent("agent " + a.name(), a.container), pool))
                    .toList();
            join(agentStarts);
            awaitAgentsRegistered(agents, Duration.ofSeconds(60 + agents.size()));
            Duration agentsReady = since(t0);
            progress.accept("mesos-harness " + name + ": " + agents.size() + " agents registered ("
                    + Poll.seconds(agentsReady) + ")");
            Duration marathonTime = join(List.of(marathonReady)).get(0);
            progress.accept("mesos-harness " + name + ": marathon leader, framework registered ("
                    + Poll.seconds(marathonTime) + ")");
            pendingMarathon = null;
            logStreamsSince.put(zookeeper.getContainerId(), startedAt(zookeeper));
            logStreamsSince.put(marathonContainer.getContainerId(), startedAt(marathonContainer));
            timings = new StartTimings(zkReady, mastersReady, agentsReady, marathonTime, since(t0));
            progress.accept("mesos-harness " + name + ": ready in " + Poll.seconds(timings.total()) + " (cluster " + id
                    + ", Mesos " + mesosUrl() + ", Marathon " + marathonUrl() + ")");
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits for Marathon's start to end (it fails fast once its container is gone); false if it is still going. */
    private boolean awaitPendingStart(Duration timeout) {
        CompletableFuture<Duration> pending = pendingMarathon;
        if (pending == null) {
            return true;
        }
        try {
            pending.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
            // failed as expected; its container (if any) is removed with the cluster's labels
        }
        stopQuietly(marathonContainer);
        return true;
    }

    private void startComponent(String component, GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new ClusterStartException(
                    component,
                    component + " of cluster " + topology.name() + " did not become ready: " + rootMessage(e)
                            + lastLogLines(component, container, 60),
                    e);
        }
    }

    private void awaitAgentsRegistered(Collection<LocalAgent> expected, Duration timeout) {
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
        } catch (FaultInjectionException e) {
            LocalAgent first = expected.stream()
                    .filter(a -> a.registrationProblem(safeAgents()).isPresent())
                    .findFirst()
                    .orElse(expected.iterator().next());
            throw new ClusterStartException(
                    "agent " + first.name(),
                    e.getMessage() + lastLogLines("agent " + first.name(), first.container, 60),
                    e);
        }
    }

    private void awaitFrameworkRegistered(Duration timeout) {
        try {
            Poll.until(
                    timeout,
                    "Marathon's framework registered with the leading master",
                    mesos::frameworks,
                    fs -> fs.stream().anyMatch(f -> MARATHON_FRAMEWORK.equals(f.name()) && f.active()),
                    fs -> "frameworks "
                            + fs.stream()
                                    .map(f -> f.name() + (f.active() ? "" : " (inactive)"))
                                    .toList());
        } catch (FaultInjectionException e) {
            throw new ClusterStartException(
                    "marathon", e.getMessage() + lastLogLines("marathon", marathonContainer, 60), e);
        }
    }

    private List<Agent> safeAgents() {
        try {
            return mesos.agents();
        } catch (RuntimeException e) {
            return List.of();
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

    @Override
    public boolean isExternal() {
        return false;
    }

    @Override
    public URI mesosUrl() {
        URI url = leaderUrl;
        if (url != null) {
            return url;
        }
        Optional<URI> leader = findLeader();
        if (leader.isPresent()) {
            leaderUrl = leader.get(); // only a confirmed leader is remembered
            return leader.get();
        }
        List<MesosMasterContainer> running = runningMasters();
        if (running.isEmpty()) {
            throw new IllegalStateException("No master of cluster " + name() + " is running");
        }
        if (masters.size() > 1) {
            // a non-leader would redirect to a hostname only the cluster's network resolves
            throw new IllegalStateException("No master of cluster " + name() + " leads right now (" + running.size()
                    + " of " + masters.size() + " masters running)");
        }
        return URI.create(running.get(0).getMasterUrl());
    }

    @Override
    public URI marathonUrl() {
        // the published port is fixed when the container is created and survives Marathon's restarts
        return URI.create(marathonContainer.getMarathonUrl());
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
        return zookeeper.getConnectString();
    }

    // ---------------------------------------------------------------- faults

    @Override
    public void stopLeadingMaster() {
        MesosMasterContainer leader = findLeaderContainer()
                .orElseThrow(() -> new FaultInjectionException(
                        "No master of cluster " + name() + " is leading, so there is none to stop"));
        int running = runningMasters().size();
        if (running - 1 < topology.quorum()) {
            throw new FaultInjectionException("stopLeadingMaster() would leave " + (running - 1) + " of "
                    + topology.masters() + " masters, fewer than the quorum of " + topology.quorum()
                    + ": no new leader could be elected"
                    + (topology.masters() == 1 ? ". Start the cluster with masters: 3" : ""));
        }
        String old = leader.getHostname();
        docker.killContainerCmd(leader.getContainerId()).exec();
        leaderUrl = null;
        Poll.until(
                Duration.ofSeconds(60),
                "a master other than " + old + " to lead",
                this::findLeaderContainer,
                l -> l.isPresent() && !l.get().getHostname().equals(old),
                l -> l.map(m -> "leader " + m.getHostname()).orElse("no leader"));
        awaitRecovered("after the failover from " + old, Duration.ofSeconds(120));
    }

    @Override
    public void restartZooKeeper() {
        long restartedAt = System.nanoTime();
        String marathonStartedBefore = startedAt(marathonContainer);
        docker.restartContainerCmd(zookeeper.getContainerId()).withTimeout(2).exec();
        // Marathon exits when it loses ZooKeeper and is restarted by Docker's restart policy: wait until it did (or
        // has kept serving for 15 s, for Marathon versions that survive the loss).
        Poll.until(
                Duration.ofSeconds(120),
                "Marathon to come back after the ZooKeeper restart",
                () -> new MarathonProbe(!startedAt(marathonContainer).equals(marathonStartedBefore), marathonServes()),
                p -> p.serving && (p.restarted || since(restartedAt).toSeconds() >= 15),
                p -> (p.restarted ? "Marathon restarted" : "Marathon not restarted") + ", "
                        + (p.serving ? "serving" : "not serving"));
        awaitRecovered("after the ZooKeeper restart", Duration.ofSeconds(120));
    }

    @Override
    public void restartMarathon() {
        docker.restartContainerCmd(marathonContainer.getContainerId())
                .withTimeout(10)
                .exec();
        awaitRecovered("after the Marathon restart", Duration.ofSeconds(120));
    }

    private record MarathonProbe(boolean restarted, boolean serving) {}

    /** Leader elected, every agent that should be up active, Marathon serving with its framework registered. */
    private void awaitRecovered(String when, Duration timeout) {
        Poll.until(
                timeout,
                "the cluster to recover " + when + " (a leading master, agents active, Marathon serving "
                        + "with its framework registered)",
                this::recoveryProblem,
                Optional::isEmpty,
                p -> p.orElse("recovered"));
        followLogsAfterRestarts();
    }

    private Optional<String> recoveryProblem() {
        leaderUrl = null;
        if (findLeader().isEmpty()) {
            return Optional.of("no leading master");
        }
        List<Agent> seen = mesos.agents();
        List<String> missing = agents.stream()
                .filter(a -> a.expectedUp)
                .map(a -> a.registrationProblem(seen))
                .flatMap(Optional::stream)
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of(String.join("; ", missing));
        }
        List<Framework> frameworks = mesos.frameworks();
        if (frameworks.stream().noneMatch(f -> MARATHON_FRAMEWORK.equals(f.name()) && f.active())) {
            return Optional.of("Marathon's framework not active (frameworks: "
                    + frameworks.stream()
                            .map(f -> f.name() + (f.active() ? "" : " inactive"))
                            .toList() + ")");
        }
        return marathonServes() ? Optional.empty() : Optional.of("Marathon does not answer /v2/leader");
    }

    /** Containers Docker restarted since their log stream was opened get a new one. */
    private void followLogsAfterRestarts() {
        List<ComponentContainer<?>> all = new ArrayList<>();
        all.add(zookeeper);
        all.add(marathonContainer);
        for (ComponentContainer<?> c : all) {
            String started = startedAt(c);
            if (!started.equals(logStreamsSince.get(c.getContainerId()))) {
                logStreamsSince.put(c.getContainerId(), started);
                c.followLogsAgain();
            }
        }
    }

    private boolean marathonServes() {
        try {
            return marathon.leader().isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String startedAt(GenericContainer<?> container) {
        return String.valueOf(docker.inspectContainerCmd(container.getContainerId())
                .exec()
                .getState()
                .getStartedAt());
    }

    // ---------------------------------------------------------------- leader and endpoints

    private List<MesosMasterContainer> runningMasters() {
        return masters.stream()
                .filter(m -> m.getContainerId() != null && isRunning(m.getContainerId()))
                .toList();
    }

    private boolean isRunning(String containerId) {
        try {
            InspectContainerResponse.ContainerState state =
                    docker.inspectContainerCmd(containerId).exec().getState();
            return Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getPaused());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Optional<URI> findLeader() {
        return findLeaderContainer().map(m -> URI.create(m.getMasterUrl()));
    }

    /**
     * The leading master. Any running master answers {@code /master/redirect} with a 307 whose {@code Location} names
     * the leader ({@code //<hostname>:5050}), or 503 while there is none; the hostname is matched to our containers.
     * (Redirects are never followed: the hostnames only resolve inside the cluster's network.)
     */
    private Optional<MesosMasterContainer> findLeaderContainer() {
        List<MesosMasterContainer> running = runningMasters();
        if (masters.size() == 1) {
            return running.stream().findFirst();
        }
        for (MesosMasterContainer m : running) {
            Optional<String> leader = redirectHost(URI.create(m.getMasterUrl()));
            if (leader.isPresent()) {
                return running.stream()
                        .filter(c -> c.getHostname().equals(leader.get()))
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .build();

    /** The leader's hostname from one master's {@code /master/redirect}, if that master knows a leader. */
    static Optional<String> redirectHost(URI masterUrl) {
        try {
            var response = HTTP.send(
                    java.net.http.HttpRequest.newBuilder(masterUrl.resolve("/master/redirect"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 307
                    ? response.headers().firstValue("Location").flatMap(LocalCluster::host)
                    : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // not answering: ask the next one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code //master-2:5050} or {@code http://master-2:5050/...} → {@code master-2}. */
    static Optional<String> host(String location) {
        String rest = location.replaceFirst("^[a-zA-Z]+:", "").replaceFirst("^//", "");
        String host = rest.split("[:/]", 2)[0];
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    private String leaderHostname() {
        return findLeaderContainer().map(MesosMasterContainer::getHostname).orElse("unknown");
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
        return URI.create(agent.container.getAgentUrl());
    }

    // ---------------------------------------------------------------- logs, close

    @Override
    public Map<String, String> recentLogs(int lines) {
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("zookeeper", tail(zookeeper, lines));
        masters.forEach(m -> logs.put(m.getHostname(), tail(m, lines)));
        agents.forEach(a -> logs.put("agent " + a.name(), tail(a.container, lines)));
        logs.put("marathon", tail(marathonContainer, lines));
        return logs;
    }

    @Override
    public String retain() {
        retained = true;
        ShutdownCleanup.forget(id);
        var labels = new LinkedHashMap<>(ClusterLabels.forComponent(id, "retained-marker"));
        labels.put(ClusterLabels.RETAINED, "true");
        docker.createVolumeCmd().withName(id + "-retained").withLabels(labels).exec();
        return "Cluster " + name() + " (" + id + ") is kept running for inspection:\n"
                + "  Mesos    " + mesosUrl() + "\n"
                + "  Marathon " + marathonUrl() + "\n"
                + "  containers: docker ps --filter label=" + ClusterLabels.CLUSTER + "=" + id + "\n"
                + "  remove it:  docker rm -f $(docker ps -aq --filter label=" + ClusterLabels.CLUSTER + "=" + id
                + ") && docker network rm " + id + " && docker volume rm " + id + "-retained"
                + "   (or: ./mesos-harness down " + id + ")";
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
        closeQuietly();
        new DockerJanitor(docker).removeCluster(id);
        ShutdownCleanup.forget(id);
    }

    /** Removes containers in reverse start order: Marathon and agents together, then masters, then ZooKeeper. */
    private void closeQuietly() {
        ExecutorService pool = Executors.newFixedThreadPool(8, daemonThreads());
        try {
            List<Runnable> first = new ArrayList<>();
            first.add(() -> stopQuietly(marathonContainer));
            agents.forEach(a -> first.add(() -> stopQuietly(a.container)));
            runAllQuietly(pool, first);
            runAllQuietly(
                    pool,
                    masters.stream().map(m -> (Runnable) () -> stopQuietly(m)).toList());
            stopQuietly(zookeeper);
            try {
                network.close();
            } catch (RuntimeException e) {
                // removed with the cluster's labels below
            }
        } finally {
            pool.shutdownNow();
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

    // ---------------------------------------------------------------- helpers

    private <C extends GenericContainer<?>> C labelled(C container, String component) {
        container.withLabels(ClusterLabels.forComponent(id, component));
        return container;
    }

    private static String tail(GenericContainer<?> c, int lines) {
        try {
            if (c.getContainerId() == null) {
                return "(not started)";
            }
            String[] all = c.getLogs().split("\n");
            return String.join("\n", java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
        } catch (RuntimeException e) {
            return "(logs not available: " + e.getMessage() + ")";
        }
    }

    private static String lastLogLines(String component, GenericContainer<?> c, int lines) {
        return "\n--- last " + lines + " log lines of " + component + " ---\n" + tail(c, lines);
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

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void runAll(ExecutorService pool, List<Runnable> tasks) {
        join(tasks.stream().map(t -> CompletableFuture.runAsync(t, pool)).toList());
    }

    private static void runAllQuietly(ExecutorService pool, List<Runnable> tasks) {
        CompletableFuture.allOf(tasks.stream()
                        .map(t -> CompletableFuture.runAsync(t, pool))
                        .toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
    }

    private static <T> List<T> join(List<CompletableFuture<T>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mesos-harness-start-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Ready as soon as the container runs; the cluster checks registration itself. */
    private static final class RunningWaitStrategy extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {}
    }

    // ---------------------------------------------------------------- agents

    /** An agent container of this cluster, with fault injection through the Docker API. */
    private final class LocalAgent implements AgentHandle {
        private final AgentSpec spec;
        private final MesosAgentContainer container;
        private final int host;
        private volatile boolean expectedUp = true;

        LocalAgent(AgentSpec spec, MesosAgentContainer container, int host) {
            this.spec = spec;
            this.container = container;
            this.host = host;
        }

        @Override
        public String name() {
            return spec.hostname();
        }

        @Override
        public Map<String, String> attributes() {
            return spec.attributes().asMap();
        }

        @Override
        public Optional<String> agentId() {
            return safeAgents().stream()
                    .filter(a -> a.hostname().equals(name()))
                    .map(Agent::id)
                    .findFirst();
        }

        Optional<String> registrationProblem(List<Agent> seen) {
            Optional<Agent> agent =
                    seen.stream().filter(a -> a.hostname().equals(name())).findFirst();
            if (agent.isEmpty()) {
                return Optional.of(name() + " not registered");
            }
            if (!agent.get().active()) {
                return Optional.of(name() + " registered but inactive");
            }
            for (Map.Entry<String, String> expected : attributes().entrySet()) {
                String actual = agent.get().attribute(expected.getKey()).orElse(null);
                if (actual == null || !sameAttributeValue(expected.getValue(), actual)) {
                    return Optional.of(name() + " has attribute " + expected.getKey() + "=" + actual + ", expected "
                            + expected.getValue());
                }
            }
            return Optional.empty();
        }

        private Duration unreachableTimeout() {
            MasterSettings ms = topology.masterSettings();
            return ms.agentPingTimeout()
                    .multipliedBy(ms.maxAgentPingTimeouts() + 1L)
                    .plusSeconds(30);
        }

        private void awaitUnreachable(String fault) {
            expectedUp = false;
            // Inactive comes at once (~0.2 s), unreachable only after the ping timeouts (~4 s with the harness's
            // fast settings): an unreachable agent is no longer listed in /master/slaves, and only then does Marathon
            // get TASK_UNREACHABLE and replace its tasks.
            Poll.until(
                    unreachableTimeout(),
                    "the master to mark agent " + name() + " unreachable after " + fault,
                    mesos::agents,
                    seen -> seen.stream().noneMatch(a -> a.hostname().equals(name())),
                    seen -> seen.stream()
                            .filter(a -> a.hostname().equals(name()))
                            .map(a -> name() + " still listed, active=" + a.active())
                            .findFirst()
                            .orElse(name() + " not listed"));
        }

        private void awaitActive(String fault, Duration stableFor) {
            expectedUp = true;
            String expectation = "agent " + name() + " to be registered and active again after " + fault;
            if (stableFor.isZero()) {
                Poll.until(
                        Duration.ofSeconds(60),
                        expectation,
                        mesos::agents,
                        seen -> registrationProblem(seen).isEmpty(),
                        seen -> registrationProblem(seen).orElse("ok"));
            } else {
                Poll.stableFor(
                        Duration.ofSeconds(120),
                        stableFor,
                        expectation,
                        mesos::agents,
                        seen -> registrationProblem(seen).isEmpty(),
                        seen -> registrationProblem(seen).orElse("ok"));
            }
        }

        @Override
        public void stop() {
            docker.killContainerCmd(container.getContainerId()).exec();
            if (container.usesDockerContainerizer()) { // its tasks die with it, as with the Mesos containerizer
                io.mesosharness.containers.DockerContainerizer.removeTaskContainers(container.getWorkDir());
            }
            awaitUnreachable("stop()");
        }

        @Override
        public void start() {
            docker.startContainerCmd(container.getContainerId()).exec();
            container.followLogsAgain();
            awaitActive("start()", Duration.ZERO);
        }

        @Override
        public void pause() {
            docker.pauseContainerCmd(container.getContainerId()).exec();
            awaitUnreachable("pause()");
        }

        @Override
        public void unpause() {
            docker.unpauseContainerCmd(container.getContainerId()).exec();
            awaitActive("unpause()", Duration.ZERO);
        }

        @Override
        public void disconnect() {
            docker.disconnectFromNetworkCmd()
                    .withNetworkId(network.getId())
                    .withContainerId(container.getContainerId())
                    .withForce(true)
                    .exec();
            awaitUnreachable("disconnect()");
        }

        @Override
        public void reconnect() {
            // back at its old address: the agent's libprocess is bound to it
            docker.connectToNetworkCmd()
                    .withNetworkId(network.getId())
                    .withContainerId(container.getContainerId())
                    .withContainerNetwork(network.endpoint(name(), host))
                    .exec();
            // After a network cut the agent flaps between unreachable and active for ~30 s (active stretches of
            // ~3 s): it counts as back once it has stayed active for 10 s.
            awaitActive("reconnect()", Duration.ofSeconds(10));
        }

        @Override
        public String exec(String... command) {
            try {
                var result = container.execInContainer(command);
                if (result.getExitCode() != 0) {
                    throw new IllegalStateException("Command " + List.of(command) + " in agent " + name()
                            + " exited with " + result.getExitCode() + ": "
                            + result.getStderr().strip());
                }
                return result.getStdout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + List.of(command) + " in " + name(), e);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name() + " " + spec.attributes().render();
        }
    }

    /** Attribute values as Mesos reports them: numbers lose a trailing ".0" (3 vs 3.0). */
    private static boolean sameAttributeValue(String expected, String actual) {
        if (expected.equals(actual)) {
            return true;
        }
        try {
            return Double.parseDouble(expected) == Double.parseDouble(actual);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
