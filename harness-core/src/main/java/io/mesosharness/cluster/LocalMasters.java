package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.mesos.MesosClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The masters of a local cluster: which one leads (asked of the masters themselves), each master's handle with its
 * faults through the Docker API, and the quorum that a master fault may not break.
 */
final class LocalMasters {

    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final String KNOWS_LEADER = "knows the leader ";

    private final List<Master> masters = new ArrayList<>();
    private final int quorum;
    private final MesosClient mesos;
    private final DockerClient docker = DockerClientFactory.lazyClient();
    /** The leading master's URL once confirmed; null after a master fault, or to look again. */
    private volatile URI leaderUrl;

    LocalMasters(int quorum, MesosClient mesos) {
        this.quorum = quorum;
        this.mesos = mesos;
    }

    void add(MesosMasterContainer container) {
        masters.add(new Master(container));
    }

    List<Master> all() {
        return List.copyOf(masters);
    }

    /**
     * The leading master: the only running one of a single-master cluster, else the one a running master's
     * {@code /master/redirect} names (never followed: the hostnames only resolve inside the cluster's network).
     */
    Optional<Master> leader() {
        List<Master> running = running();
        if (masters.size() == 1) {
            return running.stream().findFirst();
        }
        return running.stream()
                .flatMap(m -> redirectHost(mesos, m.url()).stream())
                .findFirst()
                .flatMap(leader ->
                        running.stream().filter(m -> m.name().equals(leader)).findFirst());
    }

    /** The leading master's URL, remembered until a master fault or {@link #findLeader()}. */
    URI leaderUrl(String cluster) {
        URI url = leaderUrl;
        if (url == null) {
            // never a non-leader: it would redirect to a hostname only the cluster's network resolves
            url = leader().map(Master::url)
                    .orElseThrow(() -> new IllegalStateException("No master of cluster " + cluster
                            + " leads right now (" + running().size() + " of " + masters.size() + " masters running)"));
            leaderUrl = url;
        }
        return url;
    }

    /** Looks for the leader again and remembers its URL; empty when no master leads. */
    Optional<Master> findLeader() {
        Optional<Master> leader = leader();
        leaderUrl = leader.map(Master::url).orElse(null);
        return leader;
    }

    List<Master> running() {
        return masters.stream().filter(Master::isRunning).toList();
    }

    void refuseBelowQuorum(String fault, String why) {
        int left = running().size() - 1;
        if (left < quorum) {
            throw new FaultInjectionException(fault + " would leave " + left + " of " + masters.size()
                    + " masters, fewer than the quorum of " + quorum + why);
        }
    }

    /** The leader's hostname from one master's {@code /master/redirect}, if that master knows a leader. */
    static Optional<String> redirectHost(MesosClient client, URI masterUrl) {
        try {
            return client.redirectLeader(masterUrl, Duration.ofSeconds(2)).flatMap(LocalMasters::hostOf);
        } catch (RuntimeException e) {
            return Optional.empty(); // not answering, or no redirect: ask the next one
        }
    }

    /** {@code http://master-2:5050} or {@code http://master-3:5050/master/state} → {@code master-2}. */
    static Optional<String> hostOf(URI location) {
        return Optional.ofNullable(location.getRawAuthority())
                .map(authority -> authority.replaceFirst("^.*@", "").split(":", 2)[0])
                .filter(host -> !host.isEmpty());
    }

    /** One master, with its faults through the Docker API. */
    final class Master implements MasterHandle {

        final MesosMasterContainer container;

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
            return leader().map(m -> m == this).orElse(false);
        }

        boolean isRunning() {
            try {
                ContainerState state = docker.inspectContainerCmd(container.getContainerId())
                        .exec()
                        .getState();
                return Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getPaused());
            } catch (RuntimeException e) {
                return false; // also when never created: no container id
            }
        }

        @Override
        public void stop() {
            if (!isRunning()) {
                return;
            }
            refuseBelowQuorum("stopping master " + name(), "");
            kill("master " + name() + " to be down and another master to lead");
        }

        /** Kills the master; returns the master that leads after it, once there is one. */
        Master kill(String expectation) {
            docker.killContainerCmd(container.getContainerId()).exec();
            leaderUrl = null;
            return Poll.observed(() -> Poll.until(
                            ELECTION_TIMEOUT,
                            expectation,
                            LocalMasters.this::leader,
                            l -> l.isPresent() && l.get() != this,
                            l -> l.map(m -> "leader " + m.name()).orElse("no leader")))
                    .orElseThrow();
        }

        @Override
        public void start() {
            if (isRunning()) {
                return;
            }
            docker.startContainerCmd(container.getContainerId()).exec();
            container.followLogsAgain();
            leaderUrl = null;
            // back means its own /master/redirect names a leader: before, its port may accept and reset connections
            Poll.observed(() -> Poll.until(
                    ELECTION_TIMEOUT,
                    "master " + name() + " to run again, answer and know the leader",
                    () -> !isRunning()
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
