package io.mesosharness.marathon;

import java.util.List;
import java.util.Map;

/**
 * An app as Marathon reports it ({@code GET /v2/apps/{id}}, {@code /v2/apps}, queue entries), with its embedded
 * tasks, counts, deployments and last task failure.
 */
public record App(
        String id,
        String cmd,
        Integer instances,
        Double cpus,
        Double mem,
        Double disk,
        List<List<String>> constraints,
        Map<String, String> labels,
        List<HealthCheck> healthChecks,
        List<ReadinessCheck> readinessChecks,
        UpgradeStrategy upgradeStrategy,
        String version,
        int tasksStaged,
        int tasksRunning,
        int tasksHealthy,
        int tasksUnhealthy,
        List<MarathonTask> tasks,
        List<DeploymentId> deployments,
        TaskFailure lastTaskFailure,
        Container container) {

    public App {
        upgradeStrategy = upgradeStrategy == null ? new UpgradeStrategy(null, null) : upgradeStrategy;
    }

    /** The app's {@code container}: its type and volumes. */
    public record Container(String type, List<Volume> volumes) {}

    /**
     * One of {@code container.volumes}: a local persistent volume ({@code persistent} set), an external one
     * ({@code external}), or a host path ({@code hostPath}).
     */
    public record Volume(String containerPath, String mode, String hostPath, Persistent persistent, External external) {

        /** E.g. {@code data (persistent)}, {@code logs (external)}, {@code cache (host /tmp)}. */
        @Override
        public String toString() {
            String kind = persistent != null
                    ? "persistent"
                    : external != null ? "external" : hostPath != null ? "host " + hostPath : "other";
            return containerPath + " (" + kind + ")";
        }
    }

    /** A local persistent volume's {@code persistent} block: type (root, path, mount) and size in MiB. */
    public record Persistent(String type, Long size, Long maxSize) {}

    /** An external volume's {@code external} block. */
    public record External(String name, String provider, Long size, Map<String, String> options) {}

    /** The app's {@code container.volumes}, empty when it has no container or no volumes. */
    public List<Volume> volumes() {
        return container == null ? List.of() : container.volumes();
    }

    /** {@code {"id": ...}} entry of an app's deployments. */
    public record DeploymentId(String id) {}

    /** The last failed task of the app, as Marathon reports it. */
    public record TaskFailure(
            String appId,
            String host,
            String message,
            String state,
            String taskId,
            String slaveId,
            String timestamp,
            String version) {}

    /** Target instance count (0 if Marathon did not say). */
    public int instanceCount() {
        return instances == null ? 0 : instances;
    }

    /** Ids of the deployments currently touching this app. */
    public List<String> deploymentIds() {
        return deployments.stream().map(DeploymentId::id).toList();
    }

    /** True if the app has health checks. */
    public boolean hasHealthChecks() {
        return !healthChecks.isEmpty();
    }

    /** True if the app has readiness checks (Marathon then waits for new tasks to be ready during deployments). */
    public boolean hasReadinessChecks() {
        return !readinessChecks.isEmpty();
    }

    /** One line with the counts, e.g. {@code /spread: instances 2, staged 0, running 2, healthy 0, unhealthy 0, deployments []}. */
    public String countsSummary() {
        return id + ": instances " + instanceCount() + ", staged " + tasksStaged + ", running " + tasksRunning
                + ", healthy " + tasksHealthy + ", unhealthy " + tasksUnhealthy + ", deployments " + deploymentIds();
    }
}
