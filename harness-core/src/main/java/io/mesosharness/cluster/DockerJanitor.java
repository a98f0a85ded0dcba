package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import io.mesosharness.containers.ClassDataArchive;
import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.MesosAgentContainer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Finds and removes the Docker objects of harness clusters by their {@link ClusterLabels}: containers first
 * (killed, with their anonymous volumes), then networks, then volumes. Also the one JVM shutdown hook that removes the
 * clusters this JVM started and has not removed yet ({@link #removeAtExit}); a JVM killed with SIGKILL runs no hook:
 * {@link #sweep} removes its leftovers, and every cluster start sweeps first.
 */
public final class DockerJanitor {

    private static final Logger LOG = LoggerFactory.getLogger(DockerJanitor.class);
    private static final int MAX_PARALLEL = 16;
    private static final Set<String> REMOVE_AT_EXIT = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final DockerClient docker;

    public DockerJanitor() {
        this(DockerClientFactory.lazyClient());
    }

    public DockerJanitor(DockerClient docker) {
        this.docker = docker;
    }

    /** What a removal or a sweep removed. */
    public record Removed(Set<String> clusters, int containers, int networks, int volumes) {
        public int total() {
            return containers + networks + volumes;
        }

        Removed plus(Removed other) {
            Set<String> all = new LinkedHashSet<>(clusters);
            all.addAll(other.clusters);
            return new Removed(all, containers + other.containers, networks + other.networks, volumes + other.volumes);
        }
    }

    /** A pool of {@code threads} daemon threads named mesos-harness-{@code what}-n (they never hold the JVM). */
    static ExecutorService daemonPool(String what, int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mesos-harness-" + what + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Removes this cluster's Docker objects when the JVM exits, unless {@link #keepAtExit} is called first. */
    public static synchronized void removeAtExit(String clusterId) {
        REMOVE_AT_EXIT.add(clusterId);
        if (hookInstalled) {
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> Set.copyOf(REMOVE_AT_EXIT).forEach(id -> {
                            try {
                                Removed removed = new DockerJanitor().removeCluster(id);
                                LOG.info(
                                        "mesos-harness: removed cluster {} at JVM exit ({} objects)",
                                        id,
                                        removed.total());
                            } catch (RuntimeException e) {
                                System.err.println(
                                        "mesos-harness: could not remove cluster " + id + " at JVM exit: " + e);
                            }
                        }),
                        "mesos-harness-shutdown"));
        hookInstalled = true;
    }

    /** The cluster was removed (or is retained on purpose): the shutdown hook leaves it alone. */
    public static void keepAtExit(String clusterId) {
        REMOVE_AT_EXIT.remove(clusterId);
    }

    /** Keeps the cluster after the JVM: out of the shutdown hook, and a {@link ClusterLabels#RETAINED} volume. */
    static void retain(String clusterId) {
        keepAtExit(clusterId);
        var labels = new LinkedHashMap<>(ClusterLabels.forComponent(clusterId, "retained-marker"));
        labels.put(ClusterLabels.RETAINED, "true");
        DockerClientFactory.lazyClient()
                .createVolumeCmd()
                .withName(clusterId + "-retained")
                .withLabels(labels)
                .exec();
    }

    /** Removes every object labelled with this cluster id: the containers in parallel, then networks and volumes. */
    public Removed removeCluster(String clusterId) {
        String label = ClusterLabels.CLUSTER + "=" + clusterId;
        List<Container> found = containers(label);
        // all at once: a cluster's containers are independent once it is being removed (25 agents took 2.9 s one by
        // one)
        ExecutorService pool = daemonPool("remove", Math.max(1, Math.min(MAX_PARALLEL, found.size())));
        int containers;
        try {
            containers =
                    found.stream()
                            .map(c -> CompletableFuture.supplyAsync(() -> removeWithItsTasks(c), pool))
                            .toList()
                            .stream()
                            .mapToInt(CompletableFuture::join)
                            .sum();
        } finally {
            pool.shutdownNow();
        }
        int networks = networks(label).stream()
                .mapToInt(n -> removeNetwork(n, clusterId) ? 1 : 0)
                .sum();
        return new Removed(Set.of(clusterId), containers, networks, removeVolumes(label, "of cluster " + clusterId));
    }

    /** Removes the class-data archive volumes of Marathon's JVM ({@link ClassDataArchive}); returns how many. */
    public int removeCaches() {
        String label = ClassDataArchive.CACHE_LABEL + "=" + ClassDataArchive.CACHE_KIND;
        containers(label).forEach(c -> removeContainer(c.getId())); // a setup container a killed JVM left holds one
        return removeVolumes(label, "(a class-data archive; in use by a running Marathon?)");
    }

    /** Removes the leftovers of clusters whose JVM is gone (killed, crashed): exactly {@link #orphans(boolean)}. */
    public Removed sweep(boolean includeRetained) {
        Removed total = new Removed(Set.of(), 0, 0, 0);
        for (Map.Entry<String, Map<String, String>> cluster :
                orphanLabels(includeRetained).entrySet()) {
            Removed removed = removeCluster(cluster.getKey());
            if (removed.total() > 0) {
                LOG.info(
                        "mesos-harness: swept cluster {} left by pid {} ({} containers, {} networks, {} volumes)",
                        cluster.getKey(),
                        cluster.getValue().get(ClusterLabels.OWNER_PID),
                        removed.containers(),
                        removed.networks(),
                        removed.volumes());
            }
            total = total.plus(removed);
        }
        return total;
    }

    /**
     * The clusters on this Docker host whose owning JVM is gone ({@link ClusterLabels#ownerIsGone}), retained ones only
     * if {@code includeRetained}.
     */
    public Set<String> orphans(boolean includeRetained) {
        return Set.copyOf(orphanLabels(includeRetained).keySet());
    }

    /** Whether the cluster with this id exists on this Docker host and its owning JVM is gone. */
    public boolean ownerIsGone(String clusterId) {
        return ClusterLabels.ownerIsGone(clusters().get(clusterId));
    }

    private Map<String, Map<String, String>> orphanLabels(boolean includeRetained) {
        Map<String, Map<String, String>> orphans = clusters();
        orphans.values()
                .removeIf(labels ->
                        !ClusterLabels.ownerIsGone(labels) || (!includeRetained && ClusterLabels.isRetained(labels)));
        return orphans;
    }

    /** Every harness cluster on this Docker host, with the labels of one of its objects (a retained one's if any). */
    public Map<String, Map<String, String>> clusters() {
        Map<String, Map<String, String>> clusters = new LinkedHashMap<>();
        for (Container c : containers(ClusterLabels.CLUSTER)) {
            clusters.putIfAbsent(c.getLabels().get(ClusterLabels.CLUSTER), c.getLabels());
            if (ClusterLabels.isRetained(c.getLabels())) {
                clusters.put(c.getLabels().get(ClusterLabels.CLUSTER), c.getLabels());
            }
        }
        networks(ClusterLabels.CLUSTER)
                .forEach(n -> clusters.putIfAbsent(n.getLabels().get(ClusterLabels.CLUSTER), n.getLabels()));
        volumes(ClusterLabels.CLUSTER)
                .forEach(v -> clusters.putIfAbsent(v.getLabels().get(ClusterLabels.CLUSTER), v.getLabels()));
        return clusters;
    }

    /** How many containers, networks and volumes carry this cluster's label (all clusters when null). */
    public int count(String clusterId) {
        String label = clusterId == null ? ClusterLabels.CLUSTER : ClusterLabels.CLUSTER + "=" + clusterId;
        return containers(label).size()
                + networks(label).size()
                + volumes(label).size();
    }

    private List<Container> containers(String label) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(label))
                .exec();
    }

    private List<Network> networks(String label) {
        return docker.listNetworksCmd().withFilter("label", List.of(label)).exec();
    }

    private List<InspectVolumeResponse> volumes(String label) {
        var found = docker.listVolumesCmd()
                .withFilter("label", List.of(label))
                .exec()
                .getVolumes();
        return found == null ? List.of() : found;
    }

    /** Removes the volumes with this label ({@code key=value}); a failure is logged with {@code what}. */
    private int removeVolumes(String label, String what) {
        int removed = 0;
        for (var v : volumes(label)) {
            try {
                docker.removeVolumeCmd(v.getName()).exec();
                removed++;
            } catch (NotFoundException gone) {
                // removed concurrently
            } catch (RuntimeException e) {
                LOG.warn("mesos-harness: could not remove volume {} {}: {}", v.getName(), what, e.getMessage());
            }
        }
        return removed;
    }

    /**
     * Removes a network, retrying for up to 5 s while it still has endpoints: a container someone else is removing at
     * the same moment (Testcontainers' own JVM-exit cleanup of a container it started, Docker finishing a kill) keeps
     * its endpoint until its removal is done, and Docker sends no event when it goes. False if it was gone already.
     */
    private boolean removeNetwork(Network n, String clusterId) {
        try {
            return Poll.until(
                    Duration.ofSeconds(5),
                    "network " + n.getName() + " of cluster " + clusterId + " to be removed",
                    () -> {
                        try {
                            docker.removeNetworkCmd(n.getId()).exec();
                            return true;
                        } catch (NotFoundException gone) {
                            return false; // removed concurrently
                        }
                    },
                    removed -> true,
                    removed -> "");
        } catch (WaitTimeoutException e) {
            LOG.warn(
                    "mesos-harness: could not remove network {} of cluster {}: {}",
                    n.getName(),
                    clusterId,
                    e.getMessage());
            return false;
        }
    }

    /** Removes the container and, for a Docker-containerizer agent, the task containers it started; returns how many. */
    private int removeWithItsTasks(Container c) {
        int removed = removeContainer(c.getId()) ? 1 : 0;
        // a Docker-containerizer agent's task containers carry no label of ours: found by their sandbox mounts;
        // its work dir on the Docker host goes with them
        String workDir = c.getLabels() == null ? null : c.getLabels().get(MesosAgentContainer.DOCKER_WORK_DIR_LABEL);
        if (workDir != null) {
            removed += DockerContainerizer.removeTaskContainers(workDir);
            DockerContainerizer.removeWorkDir(c.getImage(), workDir);
        }
        return removed;
    }

    private boolean removeContainer(String id) {
        try {
            // Mesos processes ignore SIGTERM as PID 1: a polite stop would cost 10 s per container. Kill.
            docker.removeContainerCmd(id)
                    .withForce(true)
                    .withRemoveVolumes(true)
                    .exec();
            return true;
        } catch (NotFoundException gone) {
            return false;
        } catch (RuntimeException e) {
            LOG.warn("mesos-harness: could not remove container {}: {}", id, e.getMessage());
            return false;
        }
    }
}
