package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * everything), the handle, the cluster-wide faults, and the teardown. The masters and which one leads are
 * {@link LocalMasters}; each agent and its faults, {@link LocalAgent}. Every Docker object carries the cluster's
 * {@link ClusterLabels}; {@link #close()}, the JVM shutdown hook, or a later {@link DockerJanitor#sweep sweep} removes
 * them.
 */
public final class LocalCluster extends AbstractCluster {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final int MAX_PARALLEL = 16; // containers started or stopped at the same time
    private static final String ZK = "zk://zookeeper:2181/";
    /** The default range every agent gets ({@link io.mesosharness.topology.AgentGroup#DEFAULT_RESOURCES}). */
    static final String DEFAULT_PORTS =
            MesosResources.parse(MesosResources.AGENT_DEFAULT).asMap().get("ports");
    /** Docker agents' host port ranges: slices of {@value #SLICE} ports from 20000, below Linux' ephemeral ports. */
    static final int FIRST_PORT = 20000;

    static final int SLICE = 100;
    static final int SLICES = 120; // 20000 .. 31999
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(120);

    private final String id;
    private final Topology topology;
    private final ClusterNetwork network;
    private final ZooKeeperContainer zookeeper;
    private final LocalMasters masters;
    private final List<LocalAgent> agents = new ArrayList<>();
    private final MarathonContainer marathonContainer;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    /** Container id → the start time whose log stream is being followed (the first one by Testcontainers). */
    private final Map<String, String> logStreamsSince = new ConcurrentHashMap<>();

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
        refuseIf(ImageAvailability.clusterImagesUnavailable(config), "images", topology);
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
            throw startFailure(topology, id, e);
        }
        cluster.startAll(progress, janitor);
        return cluster;
    }

    private static void refuseIf(Optional<String> reason, String component, Topology topology) {
        reason.ifPresent(r -> {
            throw new ClusterStartException(component, "Cannot start cluster " + topology.name() + ": " + r, null);
        });
    }

    /** Wires the topology into containers, starting nothing: the one place that maps topology to container settings. */
    private LocalCluster(String id, Topology topology, ClusterNetwork network, HarnessConfiguration config) {
        this.id = id;
        this.topology = topology;
        this.network = network;
        this.mesos = new MesosClient(this::mesosUrl, this::agentUrl);
        this.marathon = new MarathonClient(this::marathonUrl);
        this.masters = new LocalMasters(topology.quorum(), mesos);
        DockerImageName zookeeperImage = topology.zookeeper()
                .image()
                .map(image -> DockerImageName.parse(image).asCompatibleSubstituteFor("zookeeper"))
                .orElse(config.zookeeperImage());
        this.zookeeper = add(new ZooKeeperContainer(zookeeperImage), ClusterNetwork.ZOOKEEPER, "zookeeper")
                .withNetworkAliases("zookeeper");
        MasterSettings ms = topology.masterSettings();
        for (int i = 1; i <= topology.masters(); i++) {
            MesosMasterContainer master = add(
                            new MesosMasterContainer(config.mesosMasterImage()),
                            ClusterNetwork.FIRST_MASTER + i - 1,
                            "master")
                    .withExecutable(config.get(Setting.MESOS_MASTER_COMMAND))
                    .withHostname(topology.masters() == 1 ? "master" : "master-" + i)
                    .withZooKeeper(ZK + "mesos")
                    .withQuorum(topology.quorum())
                    .withRegistry(
                            ms.registry() == MasterSettings.Registry.IN_MEMORY
                                    ? MesosMasterContainer.Registry.IN_MEMORY
                                    : MesosMasterContainer.Registry.REPLICATED_LOG)
                    .withAgentPingTimeout(ms.agentPingTimeout())
                    .withMaxAgentPingTimeouts(ms.maxAgentPingTimeouts());
            ms.flags().asMap().forEach(master::withFlag); // masterSettings.flags, checked against the harness' own
            masters.add(master);
        }
        int host = ClusterNetwork.FIRST_AGENT;
        int firstSlice = ThreadLocalRandom.current().nextInt(SLICES);
        for (AgentSpec spec : withOwnPortRanges(topology.expandedAgents(), firstSlice)) { // docs/DOCKER-APPS.md
            MesosAgentContainer agent = add(new MesosAgentContainer(config.mesosAgentImage()), host, "agent")
                    .withExecutable(config.get(Setting.MESOS_AGENT_COMMAND))
                    .withHostname(spec.hostname())
                    .withMaster(ZK + "mesos")
                    .withAttributes(spec.attributes())
                    .withResources(spec.resources())
                    // registration is checked for all agents at once against the leading master (one request per
                    // poll instead of one per agent): the container itself only has to be running
                    .waitingFor(new AbstractWaitStrategy() {
                        @Override
                        protected void waitUntilReady() {}
                    });
            if (spec.usesDocker()) {
                agent.withContainerizers(spec.containerizers()); // Docker containerizer (docs/DOCKER-APPS.md)
            }
            spec.flags().asMap().forEach(agent::withFlag); // agentFlags and agents[].flags, checked already
            agents.add(new LocalAgent(spec, agent, host++, mesos, network, ms));
        }
        var settings = topology.marathon();
        this.marathonContainer = add(new MarathonContainer(config.marathonImage()), ClusterNetwork.MARATHON, "marathon")
                .withHostname("marathon")
                .withMaster(ZK + "mesos")
                .withZooKeeper(ZK + "marathon")
                .withRole(settings.role())
                .withPrincipal(settings.principal())
                .withMinReviveOffersInterval(settings.minReviveOffersInterval());
        if (!settings.features().isEmpty()) {
            marathonContainer.withFeatures(settings.features().toArray(String[]::new));
        }
        settings.flags().forEach(marathonContainer::withFlag);
        marathonContainer
                .withEnv("JAVA_OPTS", config.get(Setting.MARATHON_JAVA_OPTS).trim())
                .withClassDataArchive(config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE));
        String entrypoint = config.get(Setting.MARATHON_ENTRYPOINT).trim();
        if (!entrypoint.isEmpty()) {
            marathonContainer.withEntrypoint(entrypoint);
        }
    }

    /**
     * On the cluster network at host number {@code host}, with the cluster's name and labels; without Testcontainers'
     * cleanup: the harness removes its clusters itself, and a retained cluster must outlive the JVM.
     */
    private <C extends ComponentContainer<?>> C add(C container, int host, String component) {
        network.attach(container, host)
                .withClusterName(topology.name())
                .withLabels(ClusterLabels.forComponent(id, component))
                .withTestcontainersCleanupDisabled();
        return container;
    }

    /**
     * Empty when no agent uses the Docker containerizer or {@code agentImage} has a docker CLI; otherwise the
     * problem, naming the agents that asked for it and the image (docs/DOCKER-APPS.md).
     */
    static Optional<String> dockerCliProblem(Topology topology, String agentImage) {
        List<String> groups = topology.expandedAgents().stream()
                .filter(AgentSpec::usesDocker)
                .map(s -> "agents[" + s.group() + "].containerizers = " + s.containerizers())
                .distinct()
                .toList();
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
     * Starts ZooKeeper and Marathon at once (Marathon's JVM start dominates; it retries ZooKeeper), then the masters
     * and agents once ZooKeeper answers, and awaits the phases in order. A failed start removes everything.
     */
    private void startAll(Consumer<String> progress, DockerJanitor janitor) {
        long t0 = System.nanoTime();
        // "mesos-harness prod-like: ..."; a cluster under the default name is not named twice
        String prefix = "mesos-harness" + (name().equals(Topology.DEFAULT_NAME) ? "" : " " + name()) + ": ";
        Consumer<String> report = line -> progress.accept(prefix + line);
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        ExecutorService pool =
                DockerJanitor.daemonPool("start", Math.min(MAX_PARALLEL + 2, 2 + topology.masters() + agents.size()));
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
            report.accept("zookeeper ready (" + Poll.seconds(zkReady) + ")");
            // Masters and agents connect to ZooKeeper with its C client, which backs off for seconds after finding no
            // server: started before ZooKeeper answers, a master sometimes led only ~7 s after it did (real images).
            List<CompletableFuture<Void>> masterStarts = masters.all().stream()
                    .map(m -> CompletableFuture.runAsync(() -> startComponent(m.name(), m.container), pool))
                    .toList();
            inFlight.addAll(masterStarts);
            List<CompletableFuture<Void>> agentStarts = agents.stream()
                    .map(a -> CompletableFuture.runAsync(() -> startComponent("agent " + a.name(), a.container), pool))
                    .toList();
            inFlight.addAll(agentStarts);
            await(all(masterStarts));
            Duration mastersReady = Poll.since(t0);
            report.accept(topology.masters() + (topology.masters() == 1 ? " master" : " masters") + " ready, leader "
                    + masters.leader().map(MasterHandle::name).orElse("unknown") + " (" + Poll.seconds(mastersReady)
                    + ")");
            await(all(agentStarts));
            awaitAgentsRegistered(Duration.ofSeconds(60 + agents.size()));
            Duration agentsReady = Poll.since(t0);
            report.accept(agents.size() + " agents registered (" + Poll.seconds(agentsReady) + ")");
            Duration marathonTime = await(marathonReady);
            report.accept("marathon leader, framework registered (" + Poll.seconds(marathonTime) + ")");
            // the log streams Testcontainers opened are those of the current runs
            logStreamsSince.put(zookeeper.getContainerId(), startedAt(zookeeper));
            logStreamsSince.put(marathonContainer.getContainerId(), startedAt(marathonContainer));
            timings = new StartTimings(zkReady, mastersReady, agentsReady, marathonTime, Poll.since(t0));
            report.accept("ready in " + Poll.seconds(timings.total()) + " (cluster " + id + ", Mesos " + mesosUrl()
                    + ", Marathon " + marathonUrl() + ")");
        } catch (RuntimeException e) {
            pool.shutdownNow(); // interrupts the starts in flight: they end sooner
            stopAll();
            // the starts in flight fail fast once their containers are gone; one that goes on for 15 s more may still
            // create a container: then the shutdown hook removes it
            boolean settled = all(inFlight)
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
            throw startFailure(topology, id, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A failed start as thrown, or wrapped naming the cluster. */
    private static ClusterStartException startFailure(Topology topology, String id, RuntimeException e) {
        ClusterStartException failure = e instanceof ClusterStartException cse
                ? cse
                : new ClusterStartException(
                        "cluster", "Cluster " + topology.name() + " did not start: " + e.getMessage(), e);
        return failure.forCluster(id);
    }

    private void startComponent(String component, GenericContainer<?> container) {
        try {
            container.start();
        } catch (RuntimeException e) {
            StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable t = e; t.getCause() != null && t.getCause() != t; t = t.getCause()) {
                message.append(": ").append(t.getCause().getMessage());
            }
            throw componentFailure(
                    component, container, component + " of cluster " + name() + " did not become ready: " + message, e);
        }
    }

    /** The failure of one component, with its last log lines. */
    private static ClusterStartException componentFailure(
            String component, GenericContainer<?> container, String message, RuntimeException cause) {
        return new ClusterStartException(
                component, message + "\n--- last 60 log lines of " + component + " ---\n" + tail(container, 60), cause);
    }

    private void awaitAgentsRegistered(Duration timeout) {
        try {
            Poll.until(
                    timeout,
                    agents.size() + " agents registered and active with their attributes",
                    () -> agentsProblem(mesos.agents()),
                    Optional::isEmpty,
                    problem -> problem.orElse(""));
        } catch (WaitTimeoutException e) {
            List<Agent> seen = LocalAgent.listed(mesos);
            LocalAgent first = agents.stream()
                    .filter(a -> a.registrationProblem(seen).isPresent())
                    .findFirst()
                    .orElse(agents.get(0));
            throw componentFailure("agent " + first.name(), first.container, e.getMessage(), e);
        }
    }

    /** What keeps the agents that should be up from counting as registered in {@code seen}. */
    private Optional<String> agentsProblem(List<Agent> seen) {
        String problems = agents.stream()
                .filter(a -> a.expectedUp)
                .flatMap(a -> a.registrationProblem(seen).stream())
                .collect(Collectors.joining("; "));
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems);
    }

    private void awaitFrameworkRegistered() {
        try {
            Poll.until(
                    Duration.ofSeconds(60),
                    "Marathon's framework registered with the leading master",
                    this::marathonFrameworkProblem,
                    Optional::isEmpty,
                    problem -> problem.orElse("registered"));
        } catch (WaitTimeoutException e) {
            throw componentFailure("marathon", marathonContainer, e.getMessage(), e);
        }
    }

    /** Empty when Marathon's framework is registered and active, else the frameworks there are. */
    private Optional<String> marathonFrameworkProblem() {
        var frameworks = mesos.frameworks();
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
        return masters.leaderUrl(name());
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

    @Override
    protected boolean onAgentHeldDown(MesosTask task) {
        return "TASK_UNREACHABLE".equals(task.state()) && agents.stream().anyMatch(a -> a.isHeldDown(task.agentId()));
    }

    /** Ends forgotten tasks inside their agents' containers (the harness owns the agents). */
    @Override
    protected List<String> endForgottenTasks(List<MesosTask> tasks) {
        // the master not answering: every task is reported as not ended
        Map<String, String> hostnames =
                LocalAgent.listed(mesos).stream().collect(Collectors.toMap(Agent::id, Agent::hostname));
        return tasks.stream()
                .map(task -> Optional.ofNullable(hostnames.get(task.agentId()))
                        .flatMap(this::localAgent)
                        .map(a -> a.endTask(task))
                        .orElse(task.id() + ": its agent " + task.agentId() + " is not one of this cluster's"))
                .toList();
    }

    @Override
    public List<MasterHandle> masters() {
        return List.copyOf(masters.all());
    }

    // ---------------------------------------------------------------- cluster-wide faults

    @Override
    public Failover stopLeadingMaster() {
        LocalMasters.Master current = masters.leader()
                .orElseThrow(() -> new FaultInjectionException(
                        "No master of cluster " + name() + " is leading, so there is none to stop"));
        masters.refuseBelowQuorum(
                "stopLeadingMaster()",
                ": no new leader could be elected"
                        + (topology.masters() == 1 ? ". Start the cluster with masters: 3" : ""));
        long killed = System.nanoTime();
        LocalMasters.Master next = current.kill("a master other than " + current.name() + " to lead");
        Duration toNewLeader = Poll.since(killed);
        Poll.observed(() -> Poll.until(
                RECOVERY_TIMEOUT,
                "Marathon to serve again after the failover from " + current.name(),
                this::marathonServes,
                serving -> serving,
                serving -> "Marathon does not answer /v2/leader"));
        Duration toMarathon = Poll.since(killed);
        awaitRecovered("after the failover from " + current.name());
        return new Failover(current.name(), next.name(), toNewLeader, toMarathon);
    }

    @Override
    public void restartZooKeeper() {
        long restartedAt = System.nanoTime();
        String marathonStartedBefore = startedAt(marathonContainer);
        docker.restartContainerCmd(zookeeper.getContainerId()).withTimeout(2).exec();
        // Marathon exits when it loses ZooKeeper and Docker restarts it: wait for that (or 15 s of serving, for
        // Marathon versions that survive the loss)
        Poll.observed(() -> Poll.until(
                RECOVERY_TIMEOUT,
                "Marathon to come back after the ZooKeeper restart",
                () -> new MarathonProbe(!startedAt(marathonContainer).equals(marathonStartedBefore), marathonServes()),
                p -> p.serving && (p.restarted || Poll.since(restartedAt).toSeconds() >= 15),
                p -> (p.restarted ? "Marathon restarted" : "Marathon not restarted") + ", "
                        + (p.serving ? "serving" : "not serving")));
        awaitRecovered("after the ZooKeeper restart");
    }

    private record MarathonProbe(boolean restarted, boolean serving) {}

    @Override
    public void restartMarathon() {
        docker.restartContainerCmd(marathonContainer.getContainerId())
                .withTimeout(10)
                .exec();
        awaitRecovered("after the Marathon restart");
    }

    /** Waits for a leading master, every agent that should be up active, Marathon serving with its framework. */
    private void awaitRecovered(String when) {
        try {
            Poll.observed(() -> Poll.until(
                    RECOVERY_TIMEOUT,
                    "the cluster to recover " + when + " (a leading master, agents active, Marathon serving "
                            + "with its framework registered)",
                    this::recoveryProblem,
                    Optional::isEmpty,
                    p -> p.orElse("recovered")));
        } finally {
            // containers Docker restarted get a new log stream, also after a timeout: the logs then tell why
            for (ComponentContainer<?> c : List.<ComponentContainer<?>>of(zookeeper, marathonContainer)) {
                String started = startedAt(c);
                if (!started.equals(logStreamsSince.put(c.getContainerId(), started))) {
                    c.followLogsAgain();
                }
            }
        }
    }

    private Optional<String> recoveryProblem() {
        if (masters.findLeader().isEmpty()) { // mesos.agents() below then asks the leader found here
            return Optional.of("no leading master");
        }
        return agentsProblem(mesos.agents())
                .or(this::marathonFrameworkProblem)
                .or(() -> marathonServes() ? Optional.empty() : Optional.of("Marathon does not answer /v2/leader"));
    }

    private boolean marathonServes() {
        try {
            return marathon.leader().isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private ContainerState state(GenericContainer<?> container) {
        return docker.inspectContainerCmd(container.getContainerId()).exec().getState();
    }

    private String startedAt(ComponentContainer<?> container) {
        return String.valueOf(state(container).getStartedAt());
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
        masters.all().forEach(m -> all.put(m.name(), m.container));
        agents.forEach(a -> all.put("agent " + a.name(), a.container));
        all.put("marathon", marathonContainer);
        return all;
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

    /** Keeps the cluster after the JVM: out of the shutdown hook, and marked so that sweeps leave it alone. */
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
     * Removes the cluster (a retained one stays): Marathon first when it writes its class-data archive (it needs
     * ZooKeeper and the master while it exits), then every container at once, with the network and volumes.
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
            all(all.stream()
                            .map(c -> CompletableFuture.runAsync(() -> stopQuietly(c), pool))
                            .toList())
                    .join();
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

    private static CompletableFuture<Void> all(List<? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /** The future's value; its failure rethrown as it was. */
    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }
}
