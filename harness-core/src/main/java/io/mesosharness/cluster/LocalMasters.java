package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The masters of a local cluster: which one leads, the Mesos URL the test JVM uses, and each master's handle with
 * stop/start. Any running master answers {@code /master/redirect} with a 307 whose {@code Location} names the leader
 * ({@code //<hostname>:5050}), or 503 while there is none; the hostname is matched to the cluster's containers.
 * Redirects are never followed (the hostnames only resolve inside the cluster's network). The calls go through the
 * cluster's {@link MesosClient}.
 */
final class LocalMasters {

    private static final Duration REDIRECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final String KNOWS_LEADER = "knows the leader ";

    private final Topology topology;
    private final List<MesosMasterContainer> containers;
    private final MesosClient mesos;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    final List<MasterHandle> handles;
    private volatile URI leaderUrl;

    LocalMasters(Topology topology, List<MesosMasterContainer> containers, MesosClient mesos) {
        this.topology = topology;
        this.containers = containers;
        this.mesos = mesos;
        this.handles =
                containers.stream().map(c -> (MasterHandle) new Master(c)).toList();
    }

    /** The leading master's URL; remembered once confirmed, until {@link #forget()}. */
    URI mesosUrl() {
        URI url = leaderUrl;
        if (url != null) {
            return url;
        }
        Optional<MesosMasterContainer> leader = leader();
        if (leader.isPresent()) {
            leaderUrl = URI.create(leader.get().getMasterUrl()); // only a confirmed leader is remembered
            return leaderUrl;
        }
        List<MesosMasterContainer> running = running();
        if (running.isEmpty()) {
            throw new IllegalStateException("No master of cluster " + topology.name() + " is running");
        }
        if (containers.size() > 1) {
            // a non-leader would redirect to a hostname only the cluster's network resolves
            throw new IllegalStateException("No master of cluster " + topology.name() + " leads right now ("
                    + running.size() + " of " + containers.size() + " masters running)");
        }
        return URI.create(running.get(0).getMasterUrl());
    }

    /** Forgets the remembered leader (after a failover, or to look again). */
    void forget() {
        leaderUrl = null;
    }

    String leaderHostname() {
        return leader().map(MesosMasterContainer::getHostname).orElse("unknown");
    }

    /** The leading master's container: the only running one of a single-master cluster, else by redirect. */
    Optional<MesosMasterContainer> leader() {
        List<MesosMasterContainer> running = running();
        if (containers.size() == 1) {
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
    List<MesosMasterContainer> running() {
        return containers.stream()
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

    /** Kills the master; returns the master that leads after it, once there is one. */
    MesosMasterContainer kill(MesosMasterContainer master, String expectation) {
        docker.killContainerCmd(master.getContainerId()).exec();
        forget();
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
            return client.redirectLeader(masterUrl, REDIRECT_TIMEOUT).flatMap(LocalMasters::host);
        } catch (RuntimeException e) {
            return Optional.empty(); // not answering, or no redirect: ask the next one
        }
    }

    /** {@code http://master-2:5050} or {@code http://master-3:5050/master/state} → {@code master-2}. */
    static Optional<String> host(URI location) {
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
            int left = running().size() - 1;
            if (left < topology.quorum()) {
                throw new FaultInjectionException("stopping master " + name() + " would leave " + left + " of "
                        + topology.masters() + " masters, fewer than the quorum of " + topology.quorum());
            }
            kill(container, "master " + name() + " to be down and another master to lead");
        }

        @Override
        public void start() {
            if (running().contains(container)) {
                return;
            }
            docker.startContainerCmd(container.getContainerId()).exec();
            container.followLogsAgain();
            forget();
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
}
