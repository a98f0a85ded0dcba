package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

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
                .containsEntry("docker_remove_delay", MesosAgentContainer.DOCKER_REMOVE_DELAY);
        assertThat(a.usesDockerContainerizer()).isTrue();
    }

    @Test
    void anExplicitWorkDirIsKept() {
        MesosAgentContainer a = new MesosAgentContainer(DockerImageName.parse("mesosphere/mesos-slave:1.7.0"))
                .withWorkDir("/srv/mesos/a1")
                .withDockerContainerizer();

        assertThat(a.getWorkDir()).isEqualTo("/srv/mesos/a1");
    }
}
