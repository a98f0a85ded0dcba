package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.DeploymentRecorder;
import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade keeps the capacity the app's {@code upgradeStrategy} promises: at least half of the 4 instances
 * healthy, at most one extra (25 %) launched, at every moment of the deployment.
 */
@Tag("cluster")
@TwoRacks
class RollingUpgradeCapacityTest {

    private static final Duration DEPLOY = Duration.ofMinutes(3);

    @Test
    void upgradeKeepsHalfTheInstancesHealthy(MesosClusterHandle cluster) {
        // given: version 1 of the web app, 4 instances, all healthy
        Waits.deployAndAwait(cluster, MarathonApp.fromResource("apps/capacity-web.json", Map.of("VERSION", "1")));
        Waits.awaitHealthy(cluster, "/capacity-web", DEPLOY);

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/capacity-web")) {
            // when: version 2 is rolled out
            cluster.marathon().update(MarathonApp.fromResource("apps/capacity-web.json", Map.of("VERSION", "2")));

            // then: the upgrade kept what the upgradeStrategy (0.5 / 0.25) promises, and what the team asks for
            assertThat(cluster)
                    .app("/capacity-web")
                    .within(DEPLOY)
                    .lastDeployment()
                    .succeeded()
                    .keptItsUpgradeStrategy()
                    .keptHealthyCapacityAtLeast(0.5)
                    .neverExceeded(1.25);
        }
    }
}
