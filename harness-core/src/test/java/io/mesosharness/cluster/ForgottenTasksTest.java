package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.containers.HarnessConfiguration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Ending a forgotten task inside an agent container, on the process environments of a real command task: captured from
 * a Mesos 1.12 agent (posix launcher) in {@code captured/mesos-1.12-command-task-proc/<pid>/environ}: pid 20 is the
 * launcher's {@code mesos-containerizer launch} (no task or executor id in its environment), 21 the command executor
 * ({@code MESOS_EXECUTOR_ID}, and Marathon's {@code MESOS_TASK_ID}), 31 the task's shell (both). Stand-ins with exactly
 * those environments are started in a container; the executor and the task are killed, nothing else.
 */
@Tag("docker")
class ForgottenTasksTest {

    static final String TASK = "web.instance-2dc40dbc-f24e-11f1-86ce-02420a843003._app.1";
    private static final String CAPTURED = "captured/mesos-1.12-command-task-proc";

    @Test
    void killsTheTaskAndItsExecutorAndNothingElse() throws Exception {
        try (GenericContainer<?> agent = new GenericContainer<>(
                        HarnessConfiguration.load().zookeeperImage())
                .withCopyFileToContainer(MountableFile.forClasspathResource(CAPTURED), "/captured")
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(List.of(
                                "sh",
                                "-c",
                                // each stand-in runs `sleep 6<pid>` with the captured environment, nothing more
                                "for p in 1 20 21 31; do xargs -0 sh -c \"exec env -i \\\"\\$@\\\" sleep 6$p\" sh"
                                        + " < /captured/$p/environ & done;"
                                        + " env -i MESOS_TASK_ID=" + TASK + "0 sleep 699 & wait"))
                        .withCmd(List.of()))) {
            agent.start();

            List<String> killed = LocalAgent.killProcesses(agent, TASK, TASK);

            assertThat(killed).as("pids killed").hasSize(2);
            String left = agent.execInContainer(
                            "sh",
                            "-c",
                            "for p in /proc/[0-9]*; do [ \"$p\" = /proc/1 ] || { tr '\\000' ' ' < $p/cmdline; echo; };"
                                    + " done")
                    .getStdout();
            assertThat(left)
                    .as("the agent's and the launcher's stand-ins, and a task whose id only starts alike, are left")
                    .contains("sleep 61", "sleep 620", "sleep 699")
                    .doesNotContain("sleep 621", "sleep 631");
            assertThat(LocalAgent.killProcesses(agent, TASK, TASK))
                    .as("a second call finds nothing")
                    .isEmpty();
        }
    }
}
