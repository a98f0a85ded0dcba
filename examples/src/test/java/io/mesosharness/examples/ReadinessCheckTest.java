package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.DeploymentRecorder;
import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Readiness checks: a new task of {@code /ready} passes its health check at once but serves only after 5 s; the
 * capacity check counts it only once Marathon reports it ready, so the restart must still keep one instance ready.
 */
@Tag("cluster")
@TwoRacks
class ReadinessCheckTest {

    private static final Duration DEPLOY = Duration.ofMinutes(3);

    @Test
    void restartWaitsForReadyInstances(MesosClusterHandle cluster) {
        // given: 2 instances with a readiness check on their HTTP port and upgradeStrategy 0.5 / 0
        Waits.deployAndAwait(cluster, MarathonApp.fromResource("apps/ready.json"));

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/ready")) {
            // when
            cluster.marathon().restart("/ready");

            // then: at every moment one instance was healthy and ready
            assertThat(cluster)
                    .app("/ready")
                    .within(DEPLOY)
                    .lastDeployment()
                    .succeeded()
                    .keptItsMinimumHealthCapacity();
            org.assertj.core.api.Assertions.assertThat(recording.timeline("/ready"))
                    .extracting(p -> p.cause())
                    .anyMatch(cause -> cause.startsWith("ready "));
        }
    }
}
