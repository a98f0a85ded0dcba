package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.MesosAgentContainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * With the Docker containerizer, agents start task containers ({@code mesos-*}) that carry none of our labels. They
 * mount their sandbox from the agent's work dir on the host, which the agent container names in a label: removing
 * the cluster (or sweeping it) removes them too, and leaves other clusters' task containers alone.
 */
@Tag("docker")
class DockerContainerizerCleanupTest {

    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final String image = HarnessConfiguration.load().zookeeperImage().asCanonicalNameString();
    private final Path root = Path.of(MesosAgentContainer.DOCKER_WORK_DIR_ROOT, "test-" + UUID.randomUUID());

    @AfterEach
    void removeHostDirs() throws IOException {
        // made by the Docker daemon (as root) for the bind mounts: removed through it as well
        io.mesosharness.containers.DockerContainerizer.removeWorkDir(image, root + "/x");
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void removingAClusterRemovesTheTaskContainersOfItsDockerContainerizerAgents() {
        String clusterId = ClusterLabels.newClusterId("docker-tasks");
        String workDir = root.resolve("ours/agent-a1").toString();
        Map<String, String> labels = new HashMap<>(ClusterLabels.forComponent(clusterId, "agent"));
        labels.put(MesosAgentContainer.DOCKER_WORK_DIR_LABEL, workDir);
        String agent = create("mh-agent-" + UUID.randomUUID(), labels, null);
        String ourTask =
                create("mesos-" + UUID.randomUUID(), Map.of(), workDir + "/slaves/S0/frameworks/F/executors/e");
        String otherTask = create(
                "mesos-" + UUID.randomUUID(),
                Map.of(),
                root.resolve("theirs/agent-a1").toString() + "/slaves/S0");
        try {
            DockerJanitor.Removed removed = new DockerJanitor().removeCluster(clusterId);

            assertThat(removed.containers()).isEqualTo(2);
            assertThat(exists(agent)).isFalse();
            assertThat(exists(ourTask))
                    .as("task container of the removed cluster's agent")
                    .isFalse();
            assertThat(exists(otherTask))
                    .as("task container of another cluster's agent")
                    .isTrue();
        } finally {
            for (String id : List.of(agent, ourTask, otherTask)) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed by the test
                }
            }
        }
    }

    @Test
    void theSweepAfterAKilledJvmRemovesTaskContainersAndTheWorkDirButNotANeighboursWithALongerName() {
        String clusterId = ClusterLabels.newClusterId("docker-sweep");
        String workDir = root.resolve("ours/agent-a1").toString();
        String neighbourDir = root.resolve("ours/agent-a10").toString();
        Map<String, String> labels = new HashMap<>(ClusterLabels.forComponent(clusterId, "agent"));
        labels.put(ClusterLabels.OWNER_PID, String.valueOf(Integer.MAX_VALUE)); // no such process: its JVM is gone
        labels.put(MesosAgentContainer.DOCKER_WORK_DIR_LABEL, workDir);
        String agent = create("mh-agent-" + UUID.randomUUID(), labels, workDir + "/slaves/S0/meta");
        String task = create("mesos-" + UUID.randomUUID(), Map.of(), workDir + "/slaves/S0/frameworks/F/executors/e");
        String executor =
                create("mesos-" + UUID.randomUUID() + ".executor", Map.of(), workDir + "/slaves/S0/frameworks");
        String neighbour = create("mesos-" + UUID.randomUUID(), Map.of(), neighbourDir + "/slaves/S0");
        try {
            DockerJanitor.Removed removed = new DockerJanitor().sweep(false);

            assertThat(removed.clusters()).contains(clusterId);
            assertThat(exists(agent)).isFalse();
            assertThat(exists(task)).as("task container").isFalse();
            assertThat(exists(executor)).as("executor container").isFalse();
            assertThat(exists(neighbour)).as("task container of agent-a10").isTrue();
            assertThat(Files.exists(Path.of(workDir)))
                    .as("work dir on the host")
                    .isFalse();
            assertThat(docker.listContainersCmd()
                            .withShowAll(true)
                            .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                            .exec())
                    .isEmpty();
        } finally {
            for (String id : List.of(agent, task, executor, neighbour)) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed by the test
                }
            }
        }
    }

    private String create(String name, Map<String, String> labels, String mountFrom) {
        HostConfig host = HostConfig.newHostConfig();
        if (mountFrom != null) {
            host.withBinds(Bind.parse(mountFrom + ":/mnt/mesos/sandbox"));
        }
        return docker.createContainerCmd(image)
                .withName(name)
                .withLabels(labels)
                .withHostConfig(host)
                .withEntrypoint("sleep", "600")
                .withCmd(List.of())
                .exec()
                .getId();
    }

    private boolean exists(String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
