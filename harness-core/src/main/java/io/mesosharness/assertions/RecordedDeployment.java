package io.mesosharness.assertions;

import io.mesosharness.marathon.UpgradeStrategy;
import java.time.Instant;
import java.util.List;

/**
 * One deployment of an app as a {@link DeploymentRecorder} saw it: its id, how it ended, the app's target instance
 * count and {@code upgradeStrategy} after it, and the capacity timeline from its start (the counts in effect then)
 * to its end.
 */
public record RecordedDeployment(
        String appId,
        String deploymentId,
        Outcome outcome,
        String failure,
        Instant started,
        Instant ended,
        int instances,
        UpgradeStrategy upgradeStrategy,
        List<CapacityPoint> timeline) {

    /** How the deployment ended; RUNNING: not yet when judged. */
    public enum Outcome {
        SUCCEEDED,
        FAILED,
        RUNNING
    }

    public RecordedDeployment {
        timeline = List.copyOf(timeline);
    }

    /** The fewest healthy instances at any moment of the deployment. */
    public int minimumHealthy() {
        return timeline.stream().mapToInt(CapacityPoint::healthy).min().orElse(0);
    }

    /** The most launched (running + staged) instances at any moment of the deployment. */
    public int maximumLaunched() {
        return timeline.stream().mapToInt(CapacityPoint::launched).max().orElse(0);
    }
}
