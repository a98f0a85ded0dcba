package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.containers.MesosAgentContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.DockerClientFactory;

/** Test support: the Docker containerizer's containers of a cluster as docker-java sees them, and HTTP to tasks. */
final class DockerTaskContainers {

    private static final DockerClient DOCKER = DockerClientFactory.lazyClient();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DockerTaskContainers() {}

    /** The host work dirs of the cluster's Docker-containerizer agents (from their containers' label). */
    static List<String> workDirs(String clusterId) {
        return DOCKER
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                .exec()
                .stream()
                .map(c -> c.getLabels().get(MesosAgentContainer.DOCKER_WORK_DIR_LABEL))
                .filter(Objects::nonNull)
                .toList();
    }

    /** Containers named {@code mesos-*} (tasks and executors) that mount from under one of these work dirs. */
    static List<String> mesosContainers(List<String> workDirs) {
        return DOCKER.listContainersCmd().withShowAll(true).withNameFilter(List.of("mesos-")).exec().stream()
                .filter(c -> c.getMounts() != null
                        && c.getMounts().stream()
                                .anyMatch(m -> workDirs.stream()
                                        .anyMatch(w -> DockerContainerizer.isAtOrBelow(m.getSource(), w))))
                .map(DockerTaskContainers::name)
                .toList();
    }

    /** Running task containers carrying the Docker label {@code io.mesosharness.test-app=<label>}. */
    static List<String> runningWithLabel(String label) {
        return DOCKER.listContainersCmd().withLabelFilter(Map.of("io.mesosharness.test-app", label)).exec().stream()
                .map(DockerTaskContainers::name)
                .toList();
    }

    /** Whether a directory exists on the Docker host (looked at from a short-lived container of {@code image}). */
    static boolean existsOnDockerHost(String image, String dir) {
        String root = MesosAgentContainer.DOCKER_WORK_DIR_ROOT;
        String id = DOCKER.createContainerCmd(image)
                .withEntrypoint("sh", "-c", "test -e '" + dir + "'")
                .withCmd(List.of())
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withBinds(com.github.dockerjava.api.model.Bind.parse(root + ":" + root)))
                .exec()
                .getId();
        try {
            DOCKER.startContainerCmd(id).exec();
            return DOCKER.waitContainerCmd(id).start().awaitStatusCode() == 0;
        } finally {
            DOCKER.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /** The body of {@code GET http://<Docker host>:<port>/}: task containers publish their ports on the Docker host. */
    static String get(int port) throws Exception {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET http://" + host + ":" + port + "/ answered " + r.statusCode());
        }
        return r.body();
    }

    private static String name(Container c) {
        return c.getNames() == null ? c.getId() : Arrays.toString(c.getNames());
    }
}
