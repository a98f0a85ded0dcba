package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.Topology;
import java.net.URI;
import java.time.Duration;

/** A master container of a local cluster, with its faults through the Docker API. */
final class LocalMaster implements MasterHandle {

    private static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final String KNOWS_LEADER = "knows the leader ";

    private final MesosMasterContainer container;
    private final LeaderLookup leader;
    private final Topology topology;
    private final DockerClient docker;
    private final MesosClient mesos;

    LocalMaster(
            MesosMasterContainer container,
            LeaderLookup leader,
            Topology topology,
            DockerClient docker,
            MesosClient mesos) {
        this.container = container;
        this.leader = leader;
        this.topology = topology;
        this.docker = docker;
        this.mesos = mesos;
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
        return leader.findLeaderContainer()
                .map(m -> m.getHostname().equals(name()))
                .orElse(false);
    }

    @Override
    public void stop() {
        boolean running = leader.runningMasters().contains(container);
        if (!running) {
            return;
        }
        int left = leader.runningMasters().size() - 1;
        if (left < topology.quorum()) {
            throw new FaultInjectionException("stopping master " + name() + " would leave " + left + " of "
                    + topology.masters() + " masters, fewer than the quorum of " + topology.quorum());
        }
        docker.killContainerCmd(container.getContainerId()).exec();
        leader.forget();
        Poll.untilObserved(
                ELECTION_TIMEOUT,
                "master " + name() + " to be down and another master to lead",
                leader::findLeaderContainer,
                l -> l.isPresent() && !l.get().getHostname().equals(name()),
                l -> l.map(m -> "leader " + m.getHostname()).orElse("no leader"));
    }

    @Override
    public void start() {
        if (leader.runningMasters().contains(container)) {
            return;
        }
        docker.startContainerCmd(container.getContainerId()).exec();
        container.followLogsAgain();
        leader.forget();
        // Back means answering: its own /master/redirect names the leader it found in ZooKeeper. Until then its
        // published port may accept and reset connections (the process is still starting).
        Poll.untilObserved(
                ELECTION_TIMEOUT,
                "master " + name() + " to run again, answer and know the leader",
                () -> !leader.runningMasters().contains(container)
                        ? name() + " not running"
                        : LeaderLookup.redirectHost(mesos, url())
                                .map(l -> KNOWS_LEADER + l)
                                .orElse(name() + " does not answer /master/redirect with a leader yet"),
                seen -> seen.startsWith(KNOWS_LEADER),
                seen -> seen);
    }

    @Override
    public String toString() {
        return name() + (isLeading() ? " (leading)" : "");
    }
}
