package io.mesosharness.mesos;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A task as the master reports it ({@code /master/tasks}, {@code /master/frameworks}): which agent it runs on and its status history. */
public record MesosTask(
        String id,
        String name,
        @JsonProperty("framework_id") String frameworkId,
        @JsonProperty("executor_id") String executorId,
        @JsonProperty("slave_id") @JsonAlias("agent_id") String agentId,
        String state,
        String role,
        List<Status> statuses) {

    /** One status update of the task. */
    public record Status(
            String state,
            double timestamp,
            Boolean healthy,
            @JsonProperty("container_status") ContainerStatus containerStatus) {}

    /** Container information of a status update. */
    public record ContainerStatus(
            @JsonProperty("container_id") ContainerId containerId) {}

    /** A Mesos container id. */
    public record ContainerId(String value) {}

    /** The container id from the newest status that has one, or null. */
    public String containerId() {
        for (int i = statuses.size() - 1; i >= 0; i--) {
            ContainerStatus cs = statuses.get(i).containerStatus();
            if (cs != null && cs.containerId() != null && cs.containerId().value() != null) {
                return cs.containerId().value();
            }
        }
        return null;
    }

    /** Mesos' terminal task states: a task in one of them runs no more. */
    public static final java.util.Set<String> TERMINAL_STATES = java.util.Set.of(
            "TASK_FINISHED",
            "TASK_FAILED",
            "TASK_KILLED",
            "TASK_ERROR",
            "TASK_GONE",
            "TASK_DROPPED",
            "TASK_LOST",
            "TASK_GONE_BY_OPERATOR");

    /** Whether the task has ended ({@link #TERMINAL_STATES}); staging, running, killing and unreachable tasks have not. */
    @JsonIgnore
    public boolean isTerminal() {
        return TERMINAL_STATES.contains(state);
    }

    /** The executor id as the agent knows it: for command tasks (empty executor_id) it is the task id. */
    public String effectiveExecutorId() {
        return executorId == null || executorId.isEmpty() ? id : executorId;
    }
}
