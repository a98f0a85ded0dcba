package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/** A task as Marathon reports it ({@code /v2/apps/{id}?embed=apps.tasks}, {@code /v2/tasks}, {@code /v2/apps/{id}/tasks}). */
public record MarathonTask(
        String id,
        String appId,
        String host,
        String slaveId,
        String state,
        List<Integer> ports,
        List<Integer> servicePorts,
        List<IpAddress> ipAddresses,
        String stagedAt,
        String startedAt,
        String version,
        List<HealthCheckResult> healthCheckResults,
        List<LocalVolume> localVolumes) {

    /** An IP address of the task. */
    public record IpAddress(String ipAddress, String protocol) {}

    /** Result of one health check for this task. */
    public record HealthCheckResult(
            Boolean alive,
            Integer consecutiveFailures,
            String firstSuccess,
            String lastSuccess,
            String lastFailure,
            String lastFailureCause,
            String instanceId) {
        /** True if the check currently passes. */
        public boolean isAlive() {
            return Boolean.TRUE.equals(alive);
        }
    }

    /** A local persistent volume of a resident task. */
    public record LocalVolume(String containerPath, String persistenceId) {}

    /** The Mesos agent id the task runs on (Marathon calls it slaveId). */
    public String agentId() {
        return slaveId;
    }

    /**
     * The instance id: the task id without the trailing {@code ._app.<incarnation>} ({@code pv.instance-<uuid>}). It
     * stays the same when a resident task is relaunched.
     */
    public String instanceId() {
        return instanceOf(id);
    }

    static String instanceOf(String taskId) {
        int app = taskId == null ? -1 : taskId.lastIndexOf("._app.");
        return app > 0 ? taskId.substring(0, app) : taskId;
    }

    /** True in state TASK_RUNNING. */
    @JsonIgnore
    public boolean isRunning() {
        return "TASK_RUNNING".equals(state);
    }

    /** True if the task has health results and every one of them is alive. */
    @JsonIgnore
    public boolean isHealthy() {
        return !healthCheckResults.isEmpty() && healthCheckResults.stream().allMatch(HealthCheckResult::isAlive);
    }
}
