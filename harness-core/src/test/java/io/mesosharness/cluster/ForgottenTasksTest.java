package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.containers.HarnessConfiguration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/**
 * Ending a forgotten task inside an agent container: the processes whose environment names the task (as Marathon's
 * {@code MESOS_TASK_ID}) or its executor (the agent's {@code MESOS_EXECUTOR_ID}) are killed, nothing else.
 */
@Tag("docker")
class ForgottenTasksTest {

    @Test
    void killsTheTaskAndItsExecutorAndNothingElse() throws Exception {
        try (GenericContainer<?> agent = new GenericContainer<>(
                        HarnessConfiguration.load().zookeeperImage())
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint(List.of(
                                "sh",
                                "-c",
                                "env MESOS_EXECUTOR_ID=exec-1 sleep 600 & env MESOS_TASK_ID=task-1 sleep 601 &"
                                        + " env MESOS_TASK_ID=task-10 sleep 602 & env MESOS_TASK_ID=other sleep 603 &"
                                        + " wait"))
                        .withCmd(List.of()))) {
            agent.start();

            List<String> killed = ForgottenTasks.killProcesses(agent, "task-1", "exec-1");

            assertThat(killed).as("pids killed").hasSize(2);
            String left = agent.execInContainer(
                            "sh",
                            "-c",
                            "for p in /proc/[0-9]*; do [ \"$p\" = /proc/1 ] || { tr '\\000' ' ' < $p/cmdline; echo; };"
                                    + " done")
                    .getStdout();
            assertThat(left).contains("sleep 602", "sleep 603").doesNotContain("sleep 600", "sleep 601");
            assertThat(ForgottenTasks.killProcesses(agent, "task-1", "exec-1"))
                    .as("a second call finds nothing")
                    .isEmpty();
        }
    }
}
