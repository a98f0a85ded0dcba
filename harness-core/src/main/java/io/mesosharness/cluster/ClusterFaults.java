package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.Framework;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.containers.GenericContainer;

/**
 * The cluster-wide faults of a local cluster (leading master, ZooKeeper, Marathon) and what "recovered" means after
 * one: a leading master, every agent that should be up active, Marathon serving with its framework registered.
 * Containers that Docker restarted get their log stream followed again. Agent faults are in {@link LocalAgent}.
 */
final class ClusterFaults {

    static final String MARATHON_FRAMEWORK = "marathon";

    private final Topology topology;
    private final ClusterWiring wiring;
    private final List<LocalAgent> agents;
    private final LeaderLookup leader;
    private final DockerClient docker;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    /** Container id → the start time whose log stream is being followed (the first one by Testcontainers). */
    private final Map<String, String> logStreamsSince = new ConcurrentHashMap<>();

    ClusterFaults(
            Topology topology,
            ClusterWiring wiring,
            List<LocalAgent> agents,
            LeaderLookup leader,
            DockerClient docker,
            MesosClient mesos,
            MarathonClient marathon) {
        this.topology = topology;
        this.wiring = wiring;
        this.agents = agents;
        this.leader = leader;
        this.docker = docker;
        this.mesos = mesos;
        this.marathon = marathon;
    }

    /** After the start: the log streams Testcontainers opened are those of the current runs. */
    void rememberLogStreams() {
        logStreamsSince.put(wiring.zookeeper.getContainerId(), startedAt(wiring.zookeeper));
        logStreamsSince.put(wiring.marathon.getContainerId(), startedAt(wiring.marathon));
    }

    Failover stopLeadingMaster() {
        String name = topology.name();
        MesosMasterContainer current = leader.findLeaderContainer()
                .orElseThrow(() -> new FaultInjectionException(
                        "No master of cluster " + name + " is leading, so there is none to stop"));
        int running = leader.runningMasters().size();
        if (running - 1 < topology.quorum()) {
            throw new FaultInjectionException("stopLeadingMaster() would leave " + (running - 1) + " of "
                    + topology.masters() + " masters, fewer than the quorum of " + topology.quorum()
                    + ": no new leader could be elected"
                    + (topology.masters() == 1 ? ". Start the cluster with masters: 3" : ""));
        }
        String old = current.getHostname();
        long killed = System.nanoTime();
        docker.killContainerCmd(current.getContainerId()).exec();
        leader.forget();
        MesosMasterContainer next = Poll.untilObserved(
                        Duration.ofSeconds(60),
                        "a master other than " + old + " to lead",
                        leader::findLeaderContainer,
                        l -> l.isPresent() && !l.get().getHostname().equals(old),
                        l -> l.map(m -> "leader " + m.getHostname()).orElse("no leader"))
                .orElseThrow();
        Duration toNewLeader = StartPool.since(killed);
        Poll.untilObserved(
                Duration.ofSeconds(120),
                "Marathon to serve again after the failover from " + old,
                this::marathonServes,
                serving -> serving,
                serving -> "Marathon does not answer /v2/leader");
        Duration toMarathon = StartPool.since(killed);
        awaitRecovered("after the failover from " + old, Duration.ofSeconds(120));
        return new Failover(old, next.getHostname(), toNewLeader, toMarathon);
    }

    void restartZooKeeper() {
        long restartedAt = System.nanoTime();
        String marathonStartedBefore = startedAt(wiring.marathon);
        docker.restartContainerCmd(wiring.zookeeper.getContainerId())
                .withTimeout(2)
                .exec();
        // Marathon exits when it loses ZooKeeper and is restarted by Docker's restart policy: wait until it did (or
        // has kept serving for 15 s, for Marathon versions that survive the loss).
        Poll.untilObserved(
                Duration.ofSeconds(120),
                "Marathon to come back after the ZooKeeper restart",
                () -> new MarathonProbe(!startedAt(wiring.marathon).equals(marathonStartedBefore), marathonServes()),
                p -> p.serving && (p.restarted || StartPool.since(restartedAt).toSeconds() >= 15),
                p -> (p.restarted ? "Marathon restarted" : "Marathon not restarted") + ", "
                        + (p.serving ? "serving" : "not serving"));
        awaitRecovered("after the ZooKeeper restart", Duration.ofSeconds(120));
    }

    void restartMarathon() {
        docker.restartContainerCmd(wiring.marathon.getContainerId())
                .withTimeout(10)
                .exec();
        awaitRecovered("after the Marathon restart", Duration.ofSeconds(120));
    }

    private record MarathonProbe(boolean restarted, boolean serving) {}

    private void awaitRecovered(String when, Duration timeout) {
        try {
            Poll.untilObserved(
                    timeout,
                    "the cluster to recover " + when + " (a leading master, agents active, Marathon serving "
                            + "with its framework registered)",
                    this::recoveryProblem,
                    Optional::isEmpty,
                    p -> p.orElse("recovered"));
        } finally {
            followLogsAfterRestarts(); // also when recovery times out: the logs then tell why
        }
    }

    /** Why the cluster is not (yet) up: no leader, agents missing, Marathon's framework or API missing; else empty. */
    Optional<String> recoveryProblem() {
        leader.forget();
        if (leader.findLeader().isEmpty()) {
            return Optional.of("no leading master");
        }
        List<Agent> seen = mesos.agents();
        List<String> missing = agents.stream()
                .filter(LocalAgent::expectedUp)
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
        for (ComponentContainer<?> c : List.<ComponentContainer<?>>of(wiring.zookeeper, wiring.marathon)) {
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
}
