package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The end of a local cluster: stopping its containers in reverse start order, the last log lines of each component,
 * and keeping a cluster for inspection ({@link MesosClusterHandle#retain()}).
 */
final class ClusterTeardown {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    private ClusterTeardown() {}

    /** Removes containers in reverse start order: Marathon and agents together, then masters, then ZooKeeper. */
    static void stopAll(ClusterWiring wiring, ClusterNetwork network) {
        ExecutorService pool = StartPool.create(8);
        try {
            List<Runnable> first = new ArrayList<>();
            first.add(() -> stopQuietly(wiring.marathon));
            wiring.agents.forEach(a -> first.add(() -> stopQuietly(a.container())));
            StartPool.runAllQuietly(pool, first);
            StartPool.runAllQuietly(
                    pool,
                    wiring.masters.stream()
                            .map(m -> (Runnable) () -> stopQuietly(m))
                            .toList());
            stopQuietly(wiring.zookeeper);
            try {
                network.close();
            } catch (RuntimeException e) {
                // removed with the cluster's labels
            }
        } finally {
            pool.shutdownNow();
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
