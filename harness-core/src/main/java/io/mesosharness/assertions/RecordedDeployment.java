package io.mesosharness.assertions;

import io.mesosharness.marathon.UpgradeStrategy;
import java.time.Instant;
import java.util.List;

/**
 * One deployment of an app as a {@link DeploymentRecorder} saw it: how it ended, the app's instance count and
 * {@code upgradeStrategy} after it, and the capacity timeline from its start to its end.
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

    public int minimumHealthy() {
        return timeline.stream().mapToInt(CapacityPoint::healthy).min().orElse(0);
    }

    /** The most launched (running + staged) instances at any moment. */
    public int maximumLaunched() {
        return timeline.stream().mapToInt(CapacityPoint::launched).max().orElse(0);
    }
}
