package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

/** The opt-in Docker containerizer: flags, and a host work dir of its own for every agent container. */
@Tag("unit")
class DockerContainerizerConfigTest {

    private static MesosAgentContainer agent(String hostname) {
        return new MesosAgentContainer(DockerImageName.parse("mesosphere/mesos-slave:1.7.0"))
                .withHostname(hostname)
                .withMaster("zk://zookeeper:2181/mesos")
                .withDockerContainerizer();
    }

    @Test
    void agentsWithTheSameHostnameNeverShareAWorkDirOnTheHost() {
        MesosAgentContainer one = agent("a1");
        MesosAgentContainer other = agent("a1");

        assertThat(one.getWorkDir())
                .startsWith(MesosAgentContainer.DOCKER_WORK_DIR_ROOT + "/")
                .endsWith("/agent-a1");
        assertThat(other.getWorkDir()).isNotEqualTo(one.getWorkDir());
    }

    @Test
    void dockerContainerizerFlagsKeepOtherAgentsTaskContainersAlive() {
        MesosAgentContainer a = agent("a1");

        assertThat(a.getFlags())
                .containsEntry("containerizers", "docker,mesos")
                .containsEntry("docker_kill_orphans", "false")
                .containsEntry("docker_remove_delay", MesosAgentContainer.DOCKER_REMOVE_DELAY)
                .containsEntry("http_command_executor", "true");
        assertThat(a.usesDockerContainerizer()).isTrue();
        assertThat(a.getContainerizers()).containsExactly("docker", "mesos");
    }

    @Test
    void dockerOnlyAgentsKeepTheDriverBasedCommandExecutor() {
        MesosAgentContainer a = new MesosAgentContainer(DockerImageName.parse("mesosphere/mesos-slave:1.7.0"))
                .withContainerizers(List.of("docker"));

        assertThat(a.getFlags()).containsEntry("containerizers", "docker").doesNotContainKey("http_command_executor");
    }

    @Test
    void theMesosContainerizerAloneHasNoDockerFlagsAndTheUsualWorkDir() {
        MesosAgentContainer a = agent("a1").withContainerizers(List.of("mesos"));

        assertThat(a.usesDockerContainerizer()).isFalse();
        assertThat(a.getFlags())
                .containsEntry("containerizers", "mesos")
                .doesNotContainKeys("docker_kill_orphans", "docker_remove_delay", "http_command_executor");
        assertThat(a.getWorkDir()).isEqualTo("/var/lib/mesos/agent-a1");
    }

    @Test
    void aHostnameSetAfterTheOptInKeepsTheWorkDirOnTheHost() {
        MesosAgentContainer a = new MesosAgentContainer(DockerImageName.parse("mesosphere/mesos-slave:1.7.0"))
                .withDockerContainerizer()
                .withHostname("late");

        assertThat(a.getWorkDir())
                .startsWith(MesosAgentContainer.DOCKER_WORK_DIR_ROOT + "/")
                .endsWith("/agent-late");
    }

    @Test
    void unknownOrRepeatedContainerizersAreRejectedByName() {
        assertThatThrownBy(() -> DockerContainerizer.checkNames(List.of("docker", "mesoss")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown containerizer 'mesoss'")
                .hasMessageContaining("known: mesos, docker");
        assertThatThrownBy(() -> DockerContainerizer.checkNames(List.of("docker", "Docker")))
                .hasMessageContaining("'docker' is listed twice");
        assertThatThrownBy(() -> DockerContainerizer.checkNames(List.of()))
                .hasMessageContaining("at least one containerizer");
        assertThat(DockerContainerizer.checkNames(List.of(" Docker", "mesos"))).containsExactly("docker", "mesos");
    }

    @Test
    void theContainerizerFlagsBelongToTheTypedSetter() {
        assertThatThrownBy(() -> agent("a1").withFlag("containerizers", "mesos"))
                .hasMessageContaining("withContainerizers(List)");
        assertThatThrownBy(() -> agent("a1").withFlag("http_command_executor", "false"))
                .hasMessageContaining("withContainerizers(List)");
    }

    @Test
    void withoutAGatewayInTheNetworksIpamTheFirstAddressOfTheSubnetIsTheDockerHost() {
        assertThat(DockerContainerizer.firstHostAddress("172.17.0.0/16")).hasValue("172.17.0.1");
        assertThat(DockerContainerizer.firstHostAddress("10.123.4.0/22")).hasValue("10.123.4.1");
        assertThat(DockerContainerizer.firstHostAddress("10.123.5.7/22")).hasValue("10.123.4.1");
        assertThat(DockerContainerizer.firstHostAddress("fd00::/64")).isEmpty();
        assertThat(DockerContainerizer.firstHostAddress(null)).isEmpty();
    }

    @Test
    void anAgentImageWhoseEntrypointIsTheAgentCannotRunTheExecutor() {
        assertThat(DockerContainerizer.entrypointProblem("mesosphere/mesos-slave:1.7.0", List.of("mesos-slave")))
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("agent image mesosphere/mesos-slave:1.7.0 has ENTRYPOINT [mesos-slave]")
                        .contains("--docker_mesos_image"));
        assertThat(DockerContainerizer.entrypointProblem("x", List.of("/usr/sbin/mesos-agent", "--foo")))
                .isPresent();
        assertThat(DockerContainerizer.entrypointProblem("x", List.of("/docker-entrypoint.sh")))
                .isEmpty();
        assertThat(DockerContainerizer.entrypointProblem("x", List.of())).isEmpty();
    }

    @Test
    void mountsAreComparedByPathSegments() {
        String dir = "/tmp/mesos-harness-agents/x/agent-a1";

        assertThat(DockerContainerizer.isAtOrBelow(dir, dir)).isTrue();
        assertThat(DockerContainerizer.isAtOrBelow(dir + "/slaves/S0", dir)).isTrue();
        assertThat(DockerContainerizer.isAtOrBelow(dir + "/", dir + "//")).isTrue();
        assertThat(DockerContainerizer.isAtOrBelow("/tmp/mesos-harness-agents/x/agent-a10/slaves", dir))
                .isFalse();
        assertThat(DockerContainerizer.isAtOrBelow("/tmp/mesos-harness-agents/x/agent-a1x", dir))
                .isFalse();
        assertThat(DockerContainerizer.isAtOrBelow("/var/run/docker.sock", "/")).isFalse();
        assertThat(DockerContainerizer.isAtOrBelow(null, dir)).isFalse();
    }

    @Test
    void anExplicitWorkDirIsKept() {
        MesosAgentContainer a = new MesosAgentContainer(DockerImageName.parse("mesosphere/mesos-slave:1.7.0"))
                .withWorkDir("/srv/mesos/a1")
                .withDockerContainerizer();

        assertThat(a.getWorkDir()).isEqualTo("/srv/mesos/a1");
    }
}
