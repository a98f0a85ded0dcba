package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The end of a local cluster: removing its containers, the last log lines of each component, and keeping a cluster
 * for inspection ({@link MesosClusterHandle#retain()}).
 */
final class ClusterTeardown {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    private ClusterTeardown() {}

    /**
     * Stops every container through Testcontainers, all at once (after Marathon, when it writes its class-data
     * archive): for a start that failed, while other starts may still be in flight.
     */
    static void stopAll(ClusterWiring wiring, ClusterNetwork network) {
        letMarathonWriteItsArchive(wiring);
        List<GenericContainer<?>> all = wiring.all();
        ExecutorService pool = StartPool.create(Math.min(StartPool.MAX_PARALLEL_STARTS, all.size()));
        try {
            StartPool.runAllQuietly(
                    pool, all.stream().map(c -> (Runnable) () -> stopQuietly(c)).toList());
            try {
                network.close();
            } catch (RuntimeException e) {
                // removed with the cluster's labels
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The end of a started cluster: Marathon first when it writes its class-data archive (it needs ZooKeeper and the
     * master while it exits), then every container at once, one Docker call each, with the network and volumes (the
     * Docker engine's own removal is the floor; reverse start order only added waits).
     */
    static void remove(ClusterWiring wiring, DockerJanitor janitor, String clusterId) {
        letMarathonWriteItsArchive(wiring);
        janitor.removeCluster(clusterId);
    }

    private static void letMarathonWriteItsArchive(ClusterWiring wiring) {
        if (wiring.marathon.isWritingClassDataArchive()) {
            stopQuietly(wiring.marathon);
        }
    }

    static void stopQuietly(GenericContainer<?> c) {
        try {
            if (c.getContainerId() != null) {
                c.stop();
            }
        } catch (RuntimeException e) {
            LOG.debug("mesos-harness: stopping {} failed: {}", c.getContainerName(), e.getMessage());
        }
    }

    /** Component name ("zookeeper", "master-2", "agent a1", "marathon") → its last log lines. */
    static Map<String, String> recentLogs(ClusterWiring wiring, int lines) {
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("zookeeper", tail(wiring.zookeeper, lines));
        wiring.masters.forEach(m -> logs.put(m.getHostname(), tail(m, lines)));
        wiring.agents.forEach(a -> logs.put("agent " + a.spec().hostname(), tail(a.container(), lines)));
        logs.put("marathon", tail(wiring.marathon, lines));
        return logs;
    }

    /**
     * Keeps the cluster after the JVM: out of the shutdown hook, and a labelled volume the sweeps respect. Its
     * containers and network survive the JVM because they never carry Testcontainers' session label.
     */
    static void markRetained(DockerClient docker, String id) {
        ShutdownCleanup.forget(id);
        var labels = new LinkedHashMap<>(ClusterLabels.forComponent(id, "retained-marker"));
        labels.put(ClusterLabels.RETAINED, "true");
        docker.createVolumeCmd().withName(id + "-retained").withLabels(labels).exec();
    }

    /** How to reach and remove a retained cluster. */
    static String retainedText(String id, String name, URI mesosUrl, URI marathonUrl) {
        return "Cluster " + name + " (" + id + ") is kept running for inspection:\n"
                + "  Mesos    " + mesosUrl + "\n"
                + "  Marathon " + marathonUrl + "\n"
                + "  containers: docker ps --filter label=" + ClusterLabels.CLUSTER + "=" + id + "\n"
                + "  remove it:  docker rm -f $(docker ps -aq --filter label=" + ClusterLabels.CLUSTER + "=" + id
                + ") && docker network rm " + id + " && docker volume rm " + id + "-retained"
                + "   (or: ./mesos-harness down " + id + ")";
    }

    static String tail(GenericContainer<?> c, int lines) {
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

    static String lastLogLines(String component, GenericContainer<?> c, int lines) {
        return "\n--- last " + lines + " log lines of " + component + " ---\n" + tail(c, lines);
    }
}
