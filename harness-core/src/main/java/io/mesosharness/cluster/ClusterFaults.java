package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.ComponentContainer;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Framework;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.testcontainers.DockerClientFactory;

/**
 * The cluster-wide faults of a local cluster (leading master, ZooKeeper, Marathon) and what "recovered" means after
 * one: a leading master, every agent that should be up active, Marathon serving with its framework registered.
 * Containers that Docker restarted get their log stream followed again. Agent faults are in {@link LocalAgent}.
 */
final class ClusterFaults {

    private final Topology topology;
    private final ClusterWiring wiring;
    private final List<LocalAgent> agents;
    private final LocalMasters masters;
    private final MesosClient mesos;
    private final MarathonClient marathon;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    /** Container id → the start time whose log stream is being followed (the first one by Testcontainers). */
    private final Map<String, String> logStreamsSince = new ConcurrentHashMap<>();

    ClusterFaults(
            Topology topology,
            ClusterWiring wiring,
            List<LocalAgent> agents,
            LocalMasters masters,
            MesosClient mesos,
            MarathonClient marathon) {
        this.topology = topology;
        this.wiring = wiring;
        this.agents = agents;
        this.masters = masters;
        this.mesos = mesos;
        this.marathon = marathon;
    }

    /** After the start: the log streams Testcontainers opened are those of the current runs. */
    void rememberLogStreams() {
        logStreamsSince.put(wiring.zookeeper.getContainerId(), startedAt(wiring.zookeeper));
        logStreamsSince.put(wiring.marathon.getContainerId(), startedAt(wiring.marathon));
    }

    Failover stopLeadingMaster() {
        MesosMasterContainer current = masters.leader()
                .orElseThrow(() -> new FaultInjectionException(
                        "No master of cluster " + topology.name() + " is leading, so there is none to stop"));
        int left = masters.running().size() - 1;
        if (left < topology.quorum()) {
            throw new FaultInjectionException("stopLeadingMaster() would leave " + left + " of "
                    + topology.masters() + " masters, fewer than the quorum of " + topology.quorum()
                    + ": no new leader could be elected"
                    + (topology.masters() == 1 ? ". Start the cluster with masters: 3" : ""));
        }
        String old = current.getHostname();
        long killed = System.nanoTime();
        MesosMasterContainer next = masters.kill(current, "a master other than " + old + " to lead");
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

    void restartZooKeeper() {
        long restartedAt = System.nanoTime();
        String marathonStartedBefore = startedAt(wiring.marathon);
        docker.restartContainerCmd(wiring.zookeeper.getContainerId())
                .withTimeout(2)
                .exec();
        // Marathon exits when it loses ZooKeeper and is restarted by Docker's restart policy: wait until it did (or
        // has kept serving for 15 s, for Marathon versions that survive the loss).
        Poll.observed(() -> Poll.until(
                Duration.ofSeconds(120),
                "Marathon to come back after the ZooKeeper restart",
                () -> new MarathonProbe(!startedAt(wiring.marathon).equals(marathonStartedBefore), marathonServes()),
                p -> p.serving && (p.restarted || Poll.since(restartedAt).toSeconds() >= 15),
                p -> (p.restarted ? "Marathon restarted" : "Marathon not restarted") + ", "
                        + (p.serving ? "serving" : "not serving")));
        awaitRecovered("after the ZooKeeper restart");
    }

    void restartMarathon() {
        docker.restartContainerCmd(wiring.marathon.getContainerId())
                .withTimeout(10)
                .exec();
        awaitRecovered("after the Marathon restart");
    }

    private record MarathonProbe(boolean restarted, boolean serving) {}

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
            followLogsAfterRestarts(); // also when recovery times out: the logs then tell why
        }
    }

    /** Why the cluster is not (yet) up: no leader, agents missing, Marathon's framework or API missing; else empty. */
    private Optional<String> recoveryProblem() {
        masters.forget();
        if (masters.leader().isEmpty()) {
            return Optional.of("no leading master");
        }
        var seen = mesos.agents();
        List<String> missing = agents.stream()
                .filter(LocalAgent::expectedUp)
                .flatMap(a -> a.registrationProblem(seen).stream())
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of(String.join("; ", missing));
        }
        return marathonFrameworkProblem(mesos.frameworks())
                .or(() -> marathonServes() ? Optional.empty() : Optional.of("Marathon does not answer /v2/leader"));
    }

    /** Empty when Marathon's framework is registered and active, else the frameworks there are. */
    static Optional<String> marathonFrameworkProblem(List<Framework> frameworks) {
        return frameworks.stream().anyMatch(f -> "marathon".equals(f.name()) && f.active())
                ? Optional.empty()
                : Optional.of("Marathon's framework not active (frameworks: "
                        + frameworks.stream()
                                .map(f -> f.name() + (f.active() ? "" : " (inactive)"))
                                .toList() + ")");
    }

    /** Containers Docker restarted since their log stream was opened get a new one. */
    private void followLogsAfterRestarts() {
        for (ComponentContainer<?> c : List.<ComponentContainer<?>>of(wiring.zookeeper, wiring.marathon)) {
            String started = startedAt(c);
            if (!started.equals(logStreamsSince.put(c.getContainerId(), started))) {
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

    private String startedAt(ComponentContainer<?> container) {
        return String.valueOf(docker.inspectContainerCmd(container.getContainerId())
                .exec()
                .getState()
                .getStartedAt());
    }
}
