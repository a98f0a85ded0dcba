package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import java.util.LinkedHashMap;

/**
 * Keeps a cluster after its JVM ends: the JVM's shutdown hook forgets it, and a volume labelled
 * {@link ClusterLabels#RETAINED} tells sweeps and {@code status} that it was kept on purpose. The containers and the
 * network survive the JVM because they never carry Testcontainers' session label.
 */
final class Retention {

    private Retention() {}

    static void markRetained(DockerClient docker, String clusterId) {
        ShutdownCleanup.forget(clusterId);
        var labels = new LinkedHashMap<>(ClusterLabels.forComponent(clusterId, "retained-marker"));
        labels.put(ClusterLabels.RETAINED, "true");
        docker.createVolumeCmd()
                .withName(clusterId + "-retained")
                .withLabels(labels)
                .exec();
    }
}
