package io.mesosharness.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.testcontainers.DockerClientFactory;

/** The harness clusters on this Docker host, read from their labels, for {@code status}. */
final class ClusterListing {

    private ClusterListing() {}

    static List<String> describe() {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> cluster :
                new DockerJanitor().clusters().entrySet()) {
            String id = cluster.getKey();
            Map<String, String> labels = cluster.getValue();
            List<Container> containers = docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(ClusterLabels.CLUSTER, id))
                    .exec();
            Map<String, Integer> components = new TreeMap<>();
            String mesos = "-";
            String marathon = "-";
            for (Container c : containers) {
                String component = c.getLabels().getOrDefault(ClusterLabels.COMPONENT, "?");
                components.merge(
                        component + ("running".equals(c.getState()) ? "" : " (" + c.getState() + ")"), 1, Integer::sum);
                if (component.equals("master") && "running".equals(c.getState()) && mesos.equals("-")) {
                    mesos = published(c, 5050);
                }
                if (component.equals("marathon")) {
                    marathon = published(c, 8080);
                }
            }
            String owner = ("true".equals(labels.get(ClusterLabels.RETAINED))
                            ? "retained"
                            : "owned by pid " + labels.get(ClusterLabels.OWNER_PID) + " on "
                                    + labels.get(ClusterLabels.OWNER_HOST))
                    + (ClusterLabels.ownerIsGone(labels) ? " (owner gone: sweep removes it)" : "");
            lines.add(id + "  " + owner + "  " + components + "  Mesos " + mesos + "  Marathon " + marathon);
        }
        return lines;
    }

    private static String published(Container c, int privatePort) {
        for (ContainerPort port : c.getPorts()) {
            if (port.getPrivatePort() != null && port.getPrivatePort() == privatePort && port.getPublicPort() != null) {
                // Bound to loopback or all interfaces: reached where Testcontainers reaches the engine (getHost()).
                String ip = port.getIp();
                String host = ip == null || ip.equals("0.0.0.0") || ip.equals("::") || ip.startsWith("127.")
                        ? DockerClientFactory.instance().dockerHostIpAddress()
                        : ip;
                return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port.getPublicPort();
            }
        }
        return "-";
    }
}
