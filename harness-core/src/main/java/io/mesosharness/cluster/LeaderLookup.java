package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.mesosharness.containers.MesosMasterContainer;
import io.mesosharness.mesos.MesosClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which master of a local cluster leads, and the Mesos URL the test JVM uses. Any running master answers
 * {@code /master/redirect} with a 307 whose {@code Location} names the leader ({@code //<hostname>:5050}), or 503
 * while there is none; the hostname is matched to the cluster's containers. Redirects are never followed (the
 * hostnames only resolve inside the cluster's network). The calls go through the cluster's {@link MesosClient}.
 */
final class LeaderLookup {

    private static final Duration REDIRECT_TIMEOUT = Duration.ofSeconds(2);

    private final String clusterName;
    private final List<MesosMasterContainer> masters;
    private final DockerClient docker;
    private final MesosClient mesos;
    private volatile URI leaderUrl;

    LeaderLookup(String clusterName, List<MesosMasterContainer> masters, DockerClient docker, MesosClient mesos) {
        this.clusterName = clusterName;
        this.masters = masters;
        this.docker = docker;
        this.mesos = mesos;
    }

    /** The leading master's URL; remembered once confirmed, until {@link #forget()}. */
    URI mesosUrl() {
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
            throw new IllegalStateException("No master of cluster " + clusterName + " is running");
        }
        if (masters.size() > 1) {
            // a non-leader would redirect to a hostname only the cluster's network resolves
            throw new IllegalStateException("No master of cluster " + clusterName + " leads right now ("
                    + running.size() + " of " + masters.size() + " masters running)");
        }
        return URI.create(running.get(0).getMasterUrl());
    }

    /** Forgets the remembered leader (after a failover, or to look again). */
    void forget() {
        leaderUrl = null;
    }

    Optional<URI> findLeader() {
        return findLeaderContainer().map(m -> URI.create(m.getMasterUrl()));
    }

    String leaderHostname() {
        return findLeaderContainer().map(MesosMasterContainer::getHostname).orElse("unknown");
    }

    /** The leading master's container: the only running one of a single-master cluster, else by redirect. */
    Optional<MesosMasterContainer> findLeaderContainer() {
        List<MesosMasterContainer> running = runningMasters();
        if (masters.size() == 1) {
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

    List<MesosMasterContainer> runningMasters() {
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

    /** The leader's hostname from one master's {@code /master/redirect}, if that master knows a leader. */
    static Optional<String> redirectHost(MesosClient client, URI masterUrl) {
        try {
            return client.redirectLeader(masterUrl, REDIRECT_TIMEOUT).flatMap(LeaderLookup::host);
        } catch (RuntimeException e) {
            return Optional.empty(); // not answering, or no redirect: ask the next one
        }
    }

    /** {@code http://master-2:5050} or {@code http://master-3:5050/master/state} → {@code master-2}. */
    static Optional<String> host(URI location) {
        String authority = location.getRawAuthority();
        if (authority == null) {
            return Optional.empty();
        }
        String host = authority.replaceFirst("^.*@", "").split(":", 2)[0];
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }
}
