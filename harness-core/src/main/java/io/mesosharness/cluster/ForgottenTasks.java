package io.mesosharness.cluster;

import io.mesosharness.containers.DockerContainerizer;
import io.mesosharness.mesos.MesosTask;
import java.io.IOException;
import java.util.List;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * Ends a task of a harness agent that its framework no longer ends (see {@link ResetRun}). With the Mesos
 * containerizer (posix launcher) a task and its executor are processes in the agent's container: they are killed by
 * the {@code MESOS_TASK_ID} / {@code MESOS_EXECUTOR_ID} in their environment, which Mesos and Marathon set. With the
 * Docker containerizer the task is also a container of its own, {@code mesos-<container id>}: it is removed. The
 * agent then reports the task as ended to the master, as for any task whose process died.
 */
final class ForgottenTasks {

    /** $1 task id, $2 executor id; prints each pid it killed. Needs only sh, tr and grep (every Mesos image has them). */
    static final String KILL_SCRIPT = "for p in /proc/[0-9]*; do"
            + " [ -r \"$p/environ\" ] || continue;"
            + " if tr '\\000' '\\n' < \"$p/environ\" 2>/dev/null"
            + " | grep -qxF -e \"MESOS_TASK_ID=$1\" -e \"MESOS_EXECUTOR_ID=$2\"; then"
            + " kill -9 \"${p#/proc/}\" 2>/dev/null && echo \"${p#/proc/}\";"
            + " fi; done";

    private ForgottenTasks() {}

    /** Ends the task on this agent container; returns what was done, e.g. "web.instance-… on a1: killed pids [41, 43]". */
    static String end(GenericContainer<?> agent, String agentName, MesosTask task) {
        StringBuilder done =
                new StringBuilder(task.id()).append(" on ").append(agentName).append(": ");
        try {
            List<String> pids = killProcesses(agent, task.id(), task.effectiveExecutorId());
            done.append(pids.isEmpty() ? "no process of it in the agent" : "killed pids " + pids);
        } catch (IllegalStateException e) {
            done.append(e.getMessage());
        }
        String containerId = task.containerId();
        if (containerId != null && DockerContainerizer.removeTaskContainer(containerId)) {
            done.append(", removed container mesos-").append(containerId);
        }
        return done.toString();
    }

    /**
     * Kills the processes whose environment names the task or its executor; returns their pids.
     *
     * @throws IllegalStateException naming what failed when the command cannot be run in the agent's container
     */
    static List<String> killProcesses(GenericContainer<?> agent, String taskId, String executorId) {
        try {
            ExecResult result = agent.execInContainer("sh", "-c", KILL_SCRIPT, "sh", taskId, executorId);
            return result.getStdout()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not look for its processes in the agent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while looking for its processes in the agent", e);
        }
    }
}
