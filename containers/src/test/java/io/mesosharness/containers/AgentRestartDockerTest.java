package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * What an agent container is given for Mesos' sake, checked on a real engine with a stand-in process (no Mesos
 * needed): a container started again finds a boot id in its work dir that is not the kernel's, so Mesos 1.4+ recovers
 * as after a reboot ({@code src/slave/state.cpp}: "Agent host rebooted"), and an empty runtime dir (where the Mesos
 * containerizer checkpoints its containers' pids, {@code --runtime_dir}, which a reboot clears); an agent with the Docker containerizer
 * runs in the host's pid namespace (it reaps its executor containers by their host pids), and what it forked still
 * dies with it; a plain agent keeps a pid namespace of its own.
 */
@Tag("docker")
class AgentRestartDockerTest {

    private static final String IMAGE = "mesos-harness/debian:bookworm";

    @ParameterizedTest(name = "docker containerizer: {0}")
    @ValueSource(booleans = {false, true})
    void aStoppedAgentStartedAgainFindsABootIdThatIsNotTheKernels(boolean dockerContainerizer) throws Exception {
        try (Network network = Network.newNetwork();
                MesosAgentContainer agent = standIn(network, dockerContainerizer)) {
            agent.start();
            String workDir = agent.getWorkDir();
            agent.execInContainer(
                    "sh",
                    "-c",
                    "mkdir -p " + workDir + "/meta && cat /proc/sys/kernel/random/boot_id > " + workDir
                            + "/meta/boot_id && mkdir -p /var/run/mesos/containers/c1"
                            + " && echo 20 > /var/run/mesos/containers/c1/pid");
            // a task the agent forked, in a session of its own (as Mesos' posix launcher does)
            String task = agent.execInContainer("sh", "-c", "setsid sleep 612 >/dev/null 2>&1 & echo $!")
                    .getStdout()
                    .strip();
            agent.getDockerClient().killContainerCmd(agent.getContainerId()).exec();

            agent.prepareRestart();
            agent.getDockerClient().startContainerCmd(agent.getContainerId()).exec();

            String kernels = agent.execInContainer("cat", "/proc/sys/kernel/random/boot_id")
                    .getStdout()
                    .strip();
            String agents = agent.execInContainer("cat", workDir + "/meta/boot_id")
                    .getStdout()
                    .strip();
            assertThat(agents).startsWith("mesos-harness-restart-").isNotEqualTo(kernels);
            assertThat(agent.execInContainer("ls", "-A", "/var/run/mesos").getStdout())
                    .as("the runtime dir, which a reboot clears")
                    .isEmpty();
            String pidMode = agent.getDockerClient()
                    .inspectContainerCmd(agent.getContainerId())
                    .exec()
                    .getHostConfig()
                    .getPidMode();
            if (dockerContainerizer) {
                assertThat(pidMode).isEqualTo("host");
                // in the host's pid namespace the kernel does not end the container's processes with it: Docker
                // kills its whole cgroup, so the forked task died with the agent (seen from the host's namespace)
                assertThat(agent.execInContainer("test", "-d", "/proc/" + task).getExitCode())
                        .as("exit code of `test -d /proc/%s` after the agent's restart", task)
                        .isNotZero();
            } else {
                assertThat(pidMode).isNotEqualTo("host");
            }
        }
    }

    /** An agent container whose process only sleeps (the flags become unused arguments of {@code sh -c}). */
    private static MesosAgentContainer standIn(Network network, boolean dockerContainerizer) {
        MesosAgentContainer agent = new MesosAgentContainer(
                        DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("mesosphere/mesos-slave"))
                .withHostname("restart-1")
                .withMaster("master:5050")
                .withExecutable("sh", "-c", "sleep 600")
                .withNetwork(network);
        if (dockerContainerizer) {
            agent.withDockerContainerizer();
        }
        agent.waitingFor(new AbstractWaitStrategy() {
            @Override
            protected void waitUntilReady() {}
        });
        return agent;
    }
}
