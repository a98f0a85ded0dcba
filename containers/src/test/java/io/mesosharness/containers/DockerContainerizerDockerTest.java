package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker containerizer's wiring as far as it can be checked without Mesos: the docker-CLI check of the agent
 * image, the flags, mounts and label a configured agent gets on a real network, and the removal of task containers
 * and work dirs through the Docker daemon. Uses {@code mesos-harness/debian:bookworm} (no docker CLI) as the image.
 */
@Tag("docker")
class DockerContainerizerDockerTest {

    private static final String IMAGE = "mesos-harness/debian:bookworm";

    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final List<String> created = new ArrayList<>();
    private final String hostDir = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final String root = MesosAgentContainer.DOCKER_WORK_DIR_ROOT + "/" + hostDir;

    @AfterEach
    void removeWhatTheTestMade() {
        for (String id : created) {
            try {
                docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed by the test
            }
        }
        DockerContainerizer.removeWorkDir(IMAGE, root + "/agent-x");
    }

    @Test
    void anAgentImageWithoutADockerCliIsNamedWithWhatIsMissing() {
        assertThat(DockerContainerizer.dockerCliProblem(IMAGE))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("agent image " + IMAGE)
                        .contains("has no docker CLI")
                        .contains("command -v docker"));
        assertThat(leftoverChecks()).isEmpty();
    }

    @Test
    void anImageThatIsNotThereIsNamedToo() {
        String missing = "mesos-harness/no-such-image:" + UUID.randomUUID();

        assertThat(DockerContainerizer.dockerCliProblem(missing))
                .hasValueSatisfying(problem -> assertThat(problem).contains(missing));
    }

    @Test
    void aConfiguredAgentMountsTheSocketAndItsWorkDirAndAdvertisesTheGatewayToItsExecutors() {
        try (Network network = Network.newNetwork()) {
            MesosAgentContainer agent = new MesosAgentContainer(
                            DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("mesosphere/mesos-slave"))
                    .withHostname("dc1")
                    .withMaster("master:5050")
                    .withDockerContainerizer()
                    .withNetwork(network);
            String gateway = docker.inspectNetworkCmd()
                    .withNetworkId(network.getId())
                    .exec()
                    .getIpam()
                    .getConfig()
                    .get(0)
                    .getGateway();

            agent.configure();

            assertThat(gateway).isNotBlank();
            assertThat(agent.getFlags())
                    .containsEntry("docker_mesos_image", IMAGE)
                    .containsEntry(
                            "executor_environment_variables", "{\"LIBPROCESS_ADVERTISE_IP\":\"" + gateway + "\"}");
            assertThat(agent.getBinds())
                    .extracting(b -> b.getPath() + ":" + b.getVolume().getPath())
                    .contains(
                            DockerClientFactory.instance().getRemoteDockerUnixSocketPath() + ":"
                                    + MesosAgentContainer.DOCKER_SOCKET,
                            agent.getWorkDir() + ":" + agent.getWorkDir());
            assertThat(agent.getLabels()).containsEntry(MesosAgentContainer.DOCKER_WORK_DIR_LABEL, agent.getWorkDir());
            assertThat(agent.getCommandParts())
                    .contains("--containerizers=docker,mesos", "--docker_mesos_image=" + IMAGE);
        }
    }

    @Test
    void anAgentWithoutTheOptInGetsNoSocketAndNoDockerFlags() {
        MesosAgentContainer agent = new MesosAgentContainer(
                        DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("mesosphere/mesos-slave"))
                .withMaster("master:5050");

        agent.configure();

        assertThat(agent.getBinds()).isEmpty();
        assertThat(agent.getFlags())
                .doesNotContainKeys("docker_mesos_image", "executor_environment_variables", "containerizers");
    }

    @Test
    void taskContainersAreMatchedByPathSegmentsNotByPrefix() {
        String a1 = root + "/agent-a1";
        String a10 = root + "/agent-a10";
        String ours = fake("mesos-" + UUID.randomUUID(), a1 + "/slaves/S0/frameworks/F/executors/e/runs/r");
        String executor = fake("mesos-" + UUID.randomUUID() + ".executor", a1 + "/slaves/S0/frameworks/F");
        String neighbour = fake("mesos-" + UUID.randomUUID(), a10 + "/slaves/S0");
        String notMesos = fake("other-" + UUID.randomUUID(), a1 + "/slaves/S1");

        int removed = DockerContainerizer.removeTaskContainers(a1);

        assertThat(removed).isEqualTo(2);
        assertThat(exists(ours)).isFalse();
        assertThat(exists(executor)).isFalse();
        assertThat(exists(neighbour)).as("task container of agent-a10").isTrue();
        assertThat(exists(notMesos)).as("a container not named mesos-*").isTrue();
        DockerContainerizer.removeWorkDir(IMAGE, a1);
    }

    @Test
    void theWorkDirIsRemovedOnTheDockerHostThroughAContainer() {
        String workDir = root + "/agent-x";
        run("mkdir -p " + workDir + "/slaves/S0 && touch " + workDir + "/slaves/S0/file");
        assertThat(run("test -e " + workDir + "/slaves/S0/file")).isZero();

        boolean removed = DockerContainerizer.removeWorkDir(IMAGE, workDir);

        assertThat(removed).isTrue();
        assertThat(run("test -e " + root))
                .as("exit code of `test -e` for the removed dir")
                .isNotZero();
        assertThat(leftoverChecks()).isEmpty();
    }

    @Test
    void aWorkDirTheHarnessDidNotMakeIsLeftAlone() {
        assertThat(DockerContainerizer.removeWorkDir(IMAGE, "/srv/mesos/a1")).isFalse();
        assertThat(DockerContainerizer.removeWorkDir(IMAGE, MesosAgentContainer.DOCKER_WORK_DIR_ROOT))
                .isFalse();
        assertThat(DockerContainerizer.removeWorkDir(IMAGE, MesosAgentContainer.DOCKER_WORK_DIR_ROOT + "/../etc"))
                .isFalse();
    }

    /** Runs a shell command on the Docker host's work-dir root (mounted at the same path); returns the exit code. */
    private int run(String command) {
        String id = docker.createContainerCmd(IMAGE)
                .withEntrypoint("sh", "-c", command)
                .withCmd(List.of())
                .withHostConfig(HostConfig.newHostConfig()
                        .withBinds(Bind.parse(MesosAgentContainer.DOCKER_WORK_DIR_ROOT + ":"
                                + MesosAgentContainer.DOCKER_WORK_DIR_ROOT)))
                .exec()
                .getId();
        created.add(id);
        docker.startContainerCmd(id).exec();
        return docker.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
    }

    private String fake(String name, String mountFrom) {
        String id = docker.createContainerCmd(IMAGE)
                .withName(name)
                .withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(mountFrom + ":/mnt/mesos/sandbox")))
                .withEntrypoint("sleep", "600")
                .withCmd(List.of())
                .exec()
                .getId();
        created.add(id);
        return id;
    }

    private boolean exists(String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private List<String> leftoverChecks() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("io.mesosharness.component", "docker-cli-check"))
                .exec()
                .stream()
                .map(c -> c.getId())
                .toList();
    }
}
