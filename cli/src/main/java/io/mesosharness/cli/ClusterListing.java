package io.mesosharness.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/** The harness clusters on this Docker host, read from their labels, for {@code status}. */
final class ClusterListing {

    private ClusterListing() {}

    /** One line per cluster: id, owner, components and their states, the Mesos and Marathon URLs. */
    static String describe() {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> cluster :
                new DockerJanitor().clusters().entrySet()) {
            String id = cluster.getKey();
            Map<String, String> labels = cluster.getValue();
            Map<String, Integer> components = new TreeMap<>();
            String mesos = "-";
            String marathon = "-";
            for (Container c : docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(ClusterLabels.CLUSTER, id))
                    .exec()) {
                String component = c.getLabels().getOrDefault(ClusterLabels.COMPONENT, "?");
                boolean running = "running".equals(c.getState());
                components.merge(component + (running ? "" : " (" + c.getState() + ")"), 1, Integer::sum);
                if (component.equals("master") && running && mesos.equals("-")) {
                    mesos = published(c, 5050);
                } else if (component.equals("marathon")) {
                    marathon = published(c, 8080);
                }
            }
            String owner = (ClusterLabels.isRetained(labels)
                            ? "retained"
                            : "owned by pid " + labels.get(ClusterLabels.OWNER_PID) + " on "
                                    + labels.get(ClusterLabels.OWNER_HOST))
                    + (ClusterLabels.ownerIsGone(labels) ? " (owner gone: sweep removes it)" : "");
            lines.add(id + "  " + owner + "  " + components + "  Mesos " + mesos + "  Marathon " + marathon);
        }
        return lines.isEmpty() ? "No mesos-harness clusters on this Docker host." : String.join("\n", lines);
    }

    /**
     * The URL of a published port. The harness publishes on loopback only when Testcontainers reaches the engine
     * there, on all interfaces otherwise: either way it is reached at Testcontainers' host.
     */
    private static String published(Container c, int privatePort) {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        return Stream.of(c.getPorts())
                .filter(p ->
                        p.getPrivatePort() != null && p.getPrivatePort() == privatePort && p.getPublicPort() != null)
                .findFirst()
                .map(p -> "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + p.getPublicPort())
                .orElse("-");
    }
}
