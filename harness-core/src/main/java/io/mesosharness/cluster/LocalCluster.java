package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.MarathonContainer;
import io.mesosharness.containers.MesosAgentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.containers.MesosResources;
import io.mesosharness.containers.ZooKeeperContainer;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.Framework;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.mesos.MesosTask;
import io.mesosharness.topology.AgentSpec;
import io.mesosharness.topology.MasterSettings;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A Mesos + Marathon cluster in Docker, started from a {@link Topology}. Reads top to bottom: the checks before
 * anything starts, the containers wired from the topology, the start (phases awaited in order; a failed start removes
 * everything), the handle, the masters, the cluster-wide faults, and the teardown (each agent and its faults: {@link LocalAgent}). Every
 * Docker object carries the cluster's {@link ClusterLabels}; {@link #close()}, the JVM shutdown hook, or a later
 * {@link DockerJanitor#sweep sweep} removes them.
 */
public final class LocalCluster extends AbstractCluster {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    /** At most this many containers start (or stop) at the same time. */
    private static final int MAX_PARALLEL = 16;

    private static final String ZK = "zk://zookeeper:2181/";
    /** The default range every agent gets ({@link io.mesosharness.topology.AgentGroup#DEFAULT_RESOURCES}). */
    static final String DEFAULT_PORTS =
            MesosResources.parse(MesosResources.AGENT_DEFAULT).asMap().get("ports");
    /** Docker agents' host port ranges: slices of {@value #SLICE} ports from 20000, below Linux' ephemeral ports. */
    static final int FIRST_PORT = 20000;

    static final int SLICE = 100;
    static final int SLICES = 120; // 20000 .. 31999
    private static final Duration REDIRECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final String KNOWS_LEADER = "knows the leader ";

    private final String id;
    private final Topology topology;
    private final ClusterNetwork network;
    private final ZooKeeperContainer zookeeper;
    private final List<MesosMasterContainer> masterContainers = new ArrayList<>();
    private final List<LocalAgent> agents = new ArrayList<>();
    private final MarathonContainer marathonContainer;
    private final List<MasterHandle> masters;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    /** Container id → the start time whose log stream is being followed (the first one by Testcontainers). */
    private final Map<String, String> logStreamsSince = new ConcurrentHashMap<>();
    /** The leading master's URL once confirmed; null after a failover, or to look again. */
    private volatile URI leaderUrl;

    private volatile StartTimings timings;
    private volatile boolean closed;
    private volatile boolean retained;

    // ---------------------------------------------------------------- checks, then the containers

    /** Starts the topology with the images and settings of {@link HarnessConfiguration#load()}. */
    public static LocalCluster start(Topology topology) {
        return start(topology, HarnessConfiguration.load(), line -> LOG.info(line));
    }

    /**
     * Starts the topology, after sweeping what killed JVMs left ({@link DockerJanitor#sweep}). Progress lines
     * ("mesos-harness prod-like: zookeeper ready (0.9 s)") go to {@code progress}.
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
        refuseIf(dockerCliProblem(topology, config.mesosAgentImage().asCanonicalNameString()), "images", topology);
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
     * Wires each part of the topology into its container (image, flags, hostname, fixed address, labels); starts
     * nothing. The one place that maps topology settings to container settings.
     */
    private LocalCluster(String id, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.id = id;
        this.topology = topology;
        this.network = network;
        this.zookeeper = labelled(
                network.attach(
                                new ZooKeeperContainer(topology.zookeeper()
                                        .image()
                                        .map(image ->
                                                DockerImageName.parse(image).asCompatibleSubstituteFor("zookeeper"))
                                        .orElse(config.zookeeperImage())),
                                ClusterNetwork.ZOOKEEPER)
                        .withNetworkAliases("zookeeper")
                        .withClusterName(topology.name()),
                "zookeeper");
        this.mesos = new MesosClient(this::mesosUrl, this::agentUrl);
        MasterSettings ms = topology.masterSettings();
        for (int i = 1; i <= topology.masters(); i++) {
            MesosMasterContainer master = network.attach(
                            new MesosMasterContainer(config.mesosMasterImage()), ClusterNetwork.FIRST_MASTER + i - 1)
                    .withExecutable(config.get(Setting.MESOS_MASTER_COMMAND))
                    .withHostname(topology.masters() == 1 ? "master" : "master-" + i)
                    .withZooKeeper(ZK + "mesos")
                    .withQuorum(topology.quorum())
                    .withClusterName(topology.name())
                    .withRegistry(
                            ms.registry() == MasterSettings.Registry.IN_MEMORY
                                    ? MesosMasterContainer.Registry.IN_MEMORY
                                    : MesosMasterContainer.Registry.REPLICATED_LOG)
                    .withAgentPingTimeout(ms.agentPingTimeout())
                    .withMaxAgentPingTimeouts(ms.maxAgentPingTimeouts());
            // extra flags of the topology (masterSettings.flags), already checked against the harness' own
            ms.flags().asMap().forEach(master::withFlag);
            masterContainers.add(labelled(master, "master"));
        }
        int host = ClusterNetwork.FIRST_AGENT;
        for (AgentSpec spec : withOwnPortRanges(topology.expandedAgents())) { // docs/DOCKER-APPS.md
            MesosAgentContainer agent = network.attach(new MesosAgentContainer(config.mesosAgentImage()), host)
                    .withExecutable(config.get(Setting.MESOS_AGENT_COMMAND))
                    .withHostname(spec.hostname())
                    .withMaster(ZK + "mesos")
                    .withAttributes(spec.attributes())
                    .withResources(spec.resources())
                    .withClusterName(topology.name())
                    // registration is checked for all agents at once against the leading master (one request per
                    // poll instead of one per agent): the container itself only has to be running
                    .waitingFor(new AbstractWaitStrategy() {
                        @Override
                        protected void waitUntilReady() {}
                    });
            if (spec.usesDocker()) {
                agent.withContainerizers(spec.containerizers()); // Docker containerizer (docs/DOCKER-APPS.md)
            }
            // extra flags of the topology and the agent's group (agentFlags, agents[].flags), already checked
            spec.flags().asMap().forEach(agent::withFlag);
            agents.add(new LocalAgent(spec, labelled(agent, "agent"), host++, mesos, docker, network, ms));
        }
        var settings = topology.marathon();
        MarathonContainer mc = network.attach(new MarathonContainer(config.marathonImage()), ClusterNetwork.MARATHON)
                .withHostname("marathon")
                .withMaster(ZK + "mesos")
                .withZooKeeper(ZK + "marathon")
                .withRole(settings.role())
                .withPrincipal(settings.principal())
                .withMinReviveOffersInterval(settings.minReviveOffersInterval())
                .withClusterName(topology.name());
        if (!settings.features().isEmpty()) {
            mc.withFeatures(settings.features().toArray(String[]::new));
        }
        settings.flags().forEach(mc::withFlag);
        mc.withEnv("JAVA_OPTS", config.get(Setting.MARATHON_JAVA_OPTS).trim())
                .withClassDataArchive(config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE));
        String entrypoint = config.get(Setting.MARATHON_ENTRYPOINT).trim();
        if (!entrypoint.isEmpty()) {
            mc.withEntrypoint(entrypoint);
        }
        this.marathonContainer = labelled(mc, "marathon");
        this.masters = masterContainers.stream().<MasterHandle>map(Master::new).toList();
        this.marathon = new MarathonClient(this::marathonUrl);
    }

    /**
     * The cluster's labels; Testcontainers' cleanup is left out, since the harness removes its clusters itself (close,
     * shutdown hook, sweep) and a retained cluster must outlive the JVM.
     */
    private <C extends ComponentContainer<?>> C labelled(C container, String component) {
        container.withLabels(ClusterLabels.forComponent(id, component)).withTestcontainersCleanupDisabled();
        return container;
    }

    /**
     * Empty when no agent uses the Docker containerizer or {@code agentImage} has a docker CLI; otherwise the
     * problem, naming the agents that asked for it and the image (docs/DOCKER-APPS.md).
     */
    static Optional<String> dockerCliProblem(Topology topology, String agentImage) {
        Set<String> groups = new LinkedHashSet<>();
        topology.expandedAgents().stream()
                .filter(AgentSpec::usesDocker)
                .forEach(s -> groups.add("agents[" + s.group() + "].containerizers = " + s.containerizers()));
        return groups.isEmpty()
                ? Optional.empty()
                : DockerContainerizer.dockerCliProblem(agentImage)
                        .map(problem -> String.join(", ", groups) + " needs the Docker containerizer, but " + problem);
    }

    /**
     * The agents, where those with the Docker containerizer and the default port range get distinct ranges of
     * {@value #SLICE} ports each (their task containers publish host ports on the one Docker host), starting at a
     * random slice so that two clusters on one Docker host rarely meet. A port range given in the topology is kept.
     */
    static List<AgentSpec> withOwnPortRanges(List<AgentSpec> agents) {
        return withOwnPortRanges(agents, ThreadLocalRandom.current().nextInt(SLICES));
    }

    static List<AgentSpec> withOwnPortRanges(List<AgentSpec> agents, int firstSlice) {
        List<AgentSpec> out = new ArrayList<>(agents.size());
        int next = firstSlice;
        for (AgentSpec spec : agents) {
            if (spec.usesDocker()
                    && DEFAULT_PORTS.equals(spec.resources().asMap().get("ports"))) {
                int begin = FIRST_PORT + (next++ % SLICES) * SLICE;
                spec = spec.withResources(
                        spec.resources().with("ports", "[" + begin + "-" + (begin + SLICE - 1) + "]"));
            }
            out.add(spec);
        }
        return List.copyOf(out);
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts ZooKeeper and Marathon at once (Marathon's JVM start dominates the whole start; it finds ZooKeeper by
     * retrying), then, once ZooKeeper answers, the masters and agents, each on a thread of its own. Then awaits the
     * phases in order. A failed start removes everything, after waiting (up to 15 s) for the starts still in flight.
     */
    private void startAll(Consumer<String> progress, DockerJanitor janitor) {
        long t0 = System.nanoTime();
        String name = name();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        ExecutorService pool = DockerJanitor.daemonPool(
                "start", Math.min(MAX_PARALLEL + 2, 2 + masterContainers.size() + agents.size()));
        try {
            CompletableFuture<Duration> marathonReady = CompletableFuture.supplyAsync(
                    () -> {
                        startComponent("marathon", marathonContainer);
                        awaitFrameworkRegistered();
                        return Poll.since(t0);
                    },
                    pool);
            inFlight.add(marathonReady);

            startComponent("zookeeper", zookeeper);
            Duration zkReady = Poll.since(t0);
            progress.accept("mesos-harness " + name + ": zookeeper ready (" + Poll.seconds(zkReady) + ")");

            // Masters and agents connect to ZooKeeper with its C client, which backs off for seconds after finding no
            // server ("Delaying connection after exhaustively trying all servers"): started before ZooKeeper answers,
            // a master sometimes led only ~7 s after it did (seen on the real images under load).
            List<CompletableFuture<Void>> masterStarts = masterContainers.stream()
                    .map(m -> CompletableFuture.runAsync(() -> startComponent(m.getHostname(), m), pool))
                    .toList();
            inFlight.addAll(masterStarts);
            List<CompletableFuture<Void>> agentStarts = agents.stream()
                    .map(a -> CompletableFuture.runAsync(() -> startComponent("agent " + a.name(), a.container), pool))
                    .toList();
            inFlight.addAll(agentStarts);

            join(masterStarts);
            Duration mastersReady = Poll.since(t0);
            int n = masterContainers.size();
            progress.accept("mesos-harness " + name + ": " + n + (n == 1 ? " master" : " masters") + " ready, leader "
                    + leader().map(MesosMasterContainer::getHostname).orElse("unknown") + " ("
                    + Poll.seconds(mastersReady) + ")");

            join(agentStarts);
            awaitAgentsRegistered(Duration.ofSeconds(60 + agents.size()));
            Duration agentsReady = Poll.since(t0);
            progress.accept("mesos-harness " + name + ": " + agents.size() + " agents registered ("
                    + Poll.seconds(agentsReady) + ")");
            join(List.of(marathonReady));
            Duration marathonTime = marathonReady.join();
            progress.accept("mesos-harness " + name + ": marathon leader, framework registered ("
                    + Poll.seconds(marathonTime) + ")");
            // the log streams Testcontainers opened are those of the current runs
            logStreamsSince.put(zookeeper.getContainerId(), startedAt(zookeeper));
            logStreamsSince.put(marathonContainer.getContainerId(), startedAt(marathonContainer));
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
                stopQuietly(marathonContainer); // Marathon's start may have created it after stopAll
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
            List<Agent> seen = safeAgents();
            LocalAgent first = agents.stream()
                    .filter(a -> a.registrationProblem(seen).isPresent())
                    .findFirst()
                    .orElse(agents.get(0));
            String component = "agent " + first.name();
            throw new ClusterStartException(component, e.getMessage() + lastLogLines(component, first.container), e);
        }
    }

    private void awaitFrameworkRegistered() {
        try {
            Poll.until(
                    Duration.ofSeconds(60),
                    "Marathon's framework registered with the leading master",
                    () -> marathonFrameworkProblem(mesos.frameworks()),
                    Optional::isEmpty,
                    problem -> problem.orElse("registered"));
        } catch (WaitTimeoutException e) {
            throw new ClusterStartException(
                    "marathon", e.getMessage() + lastLogLines("marathon", marathonContainer), e);
        }
    }

    /** Empty when Marathon's framework is registered and active, else the frameworks there are. */
    private static Optional<String> marathonFrameworkProblem(List<Framework> frameworks) {
        return frameworks.stream().anyMatch(f -> "marathon".equals(f.name()) && f.active())
                ? Optional.empty()
                : Optional.of("Marathon's framework not active (frameworks: "
                        + frameworks.stream()
                                .map(f -> f.name() + (f.active() ? "" : " (inactive)"))
                                .toList() + ")");
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
        return marathonContainer.getClassDataArchiveStatus();
    }

    @Override
    public boolean isExternal() {
        return false;
    }

    /** The leading master's URL, remembered until a master fault or a recovery looks again. */
    @Override
    public URI mesosUrl() {
        URI url = leaderUrl;
        if (url == null) {
            // never a non-leader: it would redirect to a hostname only the cluster's network resolves
            url = leader().map(m -> URI.create(m.getMasterUrl())).orElseThrow(() -> {
                int running = running().size();
                return new IllegalStateException("No master of cluster " + name()
                        + (running == 0
                                ? " is running"
                                : " leads right now (" + running + " of " + masterContainers.size()
                                        + " masters running)"));
            });
            leaderUrl = url;
        }
        return url;
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

    private URI agentUrl(String agentId) {
        String hostname = mesos.agent(agentId)
                .map(Agent::hostname)
                .orElseThrow(() -> new IllegalArgumentException("The master knows no agent " + agentId));
        return URI.create(localAgent(hostname)
                .orElseThrow(() -> new IllegalArgumentException(
                        "Agent " + agentId + " (" + hostname + ") is not part of cluster " + name()))
                .container
                .getAgentUrl());
    }

    private Optional<LocalAgent> localAgent(String hostname) {
        return agents.stream().filter(a -> a.name().equals(hostname)).findFirst();
    }

    /** The master's agents, or none when it does not answer. */
    private List<Agent> safeAgents() {
        try {
            return mesos.agents();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    protected boolean onAgentHeldDown(MesosTask task) {
        return "TASK_UNREACHABLE".equals(task.state()) && agents.stream().anyMatch(a -> a.isHeldDown(task.agentId()));
    }

    /** Ends forgotten tasks inside their agents' containers (the harness owns the agents). */
    @Override
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        // the master not answering: every task is reported as not ended
        Map<String, String> hostnames = safeAgents().stream().collect(Collectors.toMap(Agent::id, Agent::hostname));
        return tasks.stream()
                .map(task -> Optional.ofNullable(hostnames.get(task.agentId()))
                        .flatMap(this::localAgent)
                        .map(a -> a.endTask(task))
                        .orElse(task.id() + ": its agent " + task.agentId() + " is not one of this cluster's"))
                .toList();
    }

    // ---------------------------------------------------------------- masters

    @Override
    public List<MasterHandle> masters() {
        return masters;
    }

    /**
     * The leading master's container: the only running one of a single-master cluster, else by redirect. Any running
     * master answers {@code /master/redirect} with a 307 whose {@code Location} names the leader
     * ({@code //<hostname>:5050}), or 503 while there is none. Redirects are never followed (the hostnames only
     * resolve inside the cluster's network).
     */
    private Optional<MesosMasterContainer> leader() {
        List<MesosMasterContainer> running = running();
        if (masterContainers.size() == 1) {
            return running.stream().findFirst();
        }
        for (MesosMasterContainer m : running) {
            Optional<String> leader = redirectHost(mesos, URI.create(m.getMasterUrl()));
            if (leader.isPresent()) {
                return running.stream()
                        .filter(c -> c.getHostname().equals(leader.get()))
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    /** The masters whose containers run and are not paused. */
    private List<MesosMasterContainer> running() {
        return masterContainers.stream()
                .filter(m -> m.getContainerId() != null && isRunning(m.getContainerId()))
                .toList();
    }

    private boolean isRunning(String containerId) {
        try {
            var state = docker.inspectContainerCmd(containerId).exec().getState();
            return Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getPaused());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void refuseBelowQuorum(String fault, String why) {
        int left = running().size() - 1;
        if (left < topology.quorum()) {
            throw new FaultInjectionException(fault + " would leave " + left + " of " + topology.masters()
                    + " masters, fewer than the quorum of " + topology.quorum() + why);
        }
    }

    /** Kills the master; returns the master that leads after it, once there is one. */
    private MesosMasterContainer kill(MesosMasterContainer master, String expectation) {
        docker.killContainerCmd(master.getContainerId()).exec();
        leaderUrl = null;
        return Poll.observed(() -> Poll.until(
                        ELECTION_TIMEOUT,
                        expectation,
                        this::leader,
                        l -> l.isPresent() && !l.get().getHostname().equals(master.getHostname()),
                        l -> l.map(m -> "leader " + m.getHostname()).orElse("no leader")))
                .orElseThrow();
    }

    /** The leader's hostname from one master's {@code /master/redirect}, if that master knows a leader. */
    static Optional<String> redirectHost(MesosClient client, URI masterUrl) {
        try {
            return client.redirectLeader(masterUrl, REDIRECT_TIMEOUT).flatMap(LocalCluster::hostOf);
        } catch (RuntimeException e) {
            return Optional.empty(); // not answering, or no redirect: ask the next one
        }
    }

    /** {@code http://master-2:5050} or {@code http://master-3:5050/master/state} → {@code master-2}. */
    static Optional<String> hostOf(URI location) {
        String authority = location.getRawAuthority();
        String host =
                authority == null ? "" : authority.replaceFirst("^.*@", "").split(":", 2)[0];
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    /** One master, with its faults through the Docker API. */
    private final class Master implements MasterHandle {

        private final MesosMasterContainer container;

        Master(MesosMasterContainer container) {
            this.container = container;
        }

        @Override
        public String name() {
            return container.getHostname();
        }

        @Override
        public URI url() {
            return URI.create(container.getMasterUrl());
        }

        @Override
        public boolean isLeading() {
            return leader().map(m -> m.getHostname().equals(name())).orElse(false);
        }

        @Override
        public void stop() {
            if (!running().contains(container)) {
                return;
            }
            refuseBelowQuorum("stopping master " + name(), "");
            kill(container, "master " + name() + " to be down and another master to lead");
        }

        @Override
        public void start() {
            if (running().contains(container)) {
                return;
            }
            docker.startContainerCmd(container.getContainerId()).exec();
            container.followLogsAgain();
            leaderUrl = null;
            // Back means answering: its own /master/redirect names the leader it found in ZooKeeper. Until then its
            // published port may accept and reset connections (the process is still starting).
            Poll.observed(() -> Poll.until(
                    ELECTION_TIMEOUT,
                    "master " + name() + " to run again, answer and know the leader",
                    () -> !running().contains(container)
                            ? name() + " not running"
                            : redirectHost(mesos, url())
                                    .map(l -> KNOWS_LEADER + l)
                                    .orElse(name() + " does not answer /master/redirect with a leader yet"),
                    seen -> seen.startsWith(KNOWS_LEADER),
                    seen -> seen));
        }

        @Override
        public String toString() {
            return name() + (isLeading() ? " (leading)" : "");
        }
    }

    // ---------------------------------------------------------------- cluster-wide faults

    @Override
    public Failover stopLeadingMaster() {
        MesosMasterContainer current = leader().orElseThrow(() -> new FaultInjectionException(
                "No master of cluster " + name() + " is leading, so there is none to stop"));
        refuseBelowQuorum(
                "stopLeadingMaster()",
                ": no new leader could be elected"
                        + (topology.masters() == 1 ? ". Start the cluster with masters: 3" : ""));
        String old = current.getHostname();
        long killed = System.nanoTime();
        MesosMasterContainer next = kill(current, "a master other than " + old + " to lead");
        Duration toNewLeader = Poll.since(killed);
        Poll.observed(() -> Poll.until(
                Duration.ofSeconds(120),
                "Marathon to serve again after the failover from " + old,
                this::marathonServes,
                serving -> serving,
                serving -> "Marathon does not answer /v2/leader"));
        Duration toMarathon = Poll.since(killed);
        awaitRecovered("after the failover from " + old);
        return new Failover(old, next.getHostname(), toNewLeader, toMarathon);
    }

    @Override
    public void restartZooKeeper() {
        long restartedAt = System.nanoTime();
        String marathonStartedBefore = startedAt(marathonContainer);
        docker.restartContainerCmd(zookeeper.getContainerId()).withTimeout(2).exec();
        // Marathon exits when it loses ZooKeeper and is restarted by Docker's restart policy: wait until it did (or
        // has kept serving for 15 s, for Marathon versions that survive the loss).
        Poll.observed(() -> Poll.until(
                Duration.ofSeconds(120),
                "Marathon to come back after the ZooKeeper restart",
                () -> new MarathonProbe(!startedAt(marathonContainer).equals(marathonStartedBefore), marathonServes()),
                p -> p.serving && (p.restarted || Poll.since(restartedAt).toSeconds() >= 15),
                p -> (p.restarted ? "Marathon restarted" : "Marathon not restarted") + ", "
                        + (p.serving ? "serving" : "not serving")));
        awaitRecovered("after the ZooKeeper restart");
    }

    @Override
    public void restartMarathon() {
        docker.restartContainerCmd(marathonContainer.getContainerId())
                .withTimeout(10)
                .exec();
        awaitRecovered("after the Marathon restart");
    }

    private record MarathonProbe(boolean restarted, boolean serving) {}

    /** Waits for a leading master, every agent that should be up active, Marathon serving with its framework. */
    private void awaitRecovered(String when) {
        try {
            Poll.observed(() -> Poll.until(
                    Duration.ofSeconds(120),
                    "the cluster to recover " + when + " (a leading master, agents active, Marathon serving "
                            + "with its framework registered)",
                    this::recoveryProblem,
                    Optional::isEmpty,
                    p -> p.orElse("recovered")));
        } finally {
            // containers Docker restarted since their log stream was opened get a new one; also when recovery
            // times out: the logs then tell why
            for (ComponentContainer<?> c : List.<ComponentContainer<?>>of(zookeeper, marathonContainer)) {
                String started = startedAt(c);
                if (!started.equals(logStreamsSince.put(c.getContainerId(), started))) {
                    c.followLogsAgain();
                }
            }
        }
    }

    private Optional<String> recoveryProblem() {
        leaderUrl = null;
        if (leader().isEmpty()) {
            return Optional.of("no leading master");
        }
        var seen = mesos.agents();
        List<String> missing = agents.stream()
                .filter(a -> a.expectedUp)
                .flatMap(a -> a.registrationProblem(seen).stream())
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of(String.join("; ", missing));
        }
        return marathonFrameworkProblem(mesos.frameworks())
                .or(() -> marathonServes() ? Optional.empty() : Optional.of("Marathon does not answer /v2/leader"));
    }

    private boolean marathonServes() {
        try {
            return marathon.leader().isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String startedAt(ComponentContainer<?> container) {
        return String.valueOf(docker.inspectContainerCmd(container.getContainerId())
                .exec()
                .getState()
                .getStartedAt());
    }

    // ---------------------------------------------------------------- logs, retain, teardown

    @Override
    public Map<String, String> recentLogs(int lines) {
        Map<String, String> logs = new LinkedHashMap<>();
        components().forEach((component, container) -> logs.put(component, tail(container, lines)));
        return logs;
    }

    /** Every container by component name ("zookeeper", "master-2", "agent a1", "marathon"), in start order. */
    private Map<String, ComponentContainer<?>> components() {
        Map<String, ComponentContainer<?>> all = new LinkedHashMap<>();
        all.put("zookeeper", zookeeper);
        masterContainers.forEach(m -> all.put(m.getHostname(), m));
        agents.forEach(a -> all.put("agent " + a.name(), a.container));
        all.put("marathon", marathonContainer);
        return all;
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
        List<ComponentContainer<?>> all = List.copyOf(components().values());
        ExecutorService pool = DockerJanitor.daemonPool("stop", Math.min(MAX_PARALLEL, all.size()));
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
        if (marathonContainer.isWritingClassDataArchive()) {
            stopQuietly(marathonContainer);
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

    /** Waits for all; the first failure is rethrown as it was. */
    private static void join(List<? extends CompletableFuture<?>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }
}
