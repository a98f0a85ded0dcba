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
 * A blue-green switch: green starts beside blue, the {@code shop.live} label (what the load balancer routes on) moves
 * to green, blue is scaled away; at every moment at least 2 instances of the shop were healthy.
 */
@Tag("cluster")
@TwoRacks
class BlueGreenTest {

    private static final Duration DEPLOY = Duration.ofMinutes(3);

    @Test
    void switchFromBlueToGreenKeepsTwoHealthyInstances(MesosClusterHandle cluster) {
        // given: blue is live with 2 healthy instances
        Waits.deployAndAwait(cluster, MarathonApp.fromResource("apps/shop-blue.json", Map.of("LIVE", "true")));
        Waits.awaitHealthy(cluster, "/shop-blue", DEPLOY);

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/shop-blue", "/shop-green")) {
            // when: green is deployed (not live), becomes healthy, takes the live label; blue is scaled to 0
            Waits.deployAndAwait(cluster, MarathonApp.fromResource("apps/shop-green.json", Map.of("LIVE", "false")));
            Waits.awaitHealthy(cluster, "/shop-green", DEPLOY);
            cluster.marathon().update(MarathonApp.fromResource("apps/shop-green.json", Map.of("LIVE", "true")));
            assertThat(cluster)
                    .app("/shop-green")
                    .within(DEPLOY)
                    .lastDeployment()
                    .keptItsUpgradeStrategy();
            Waits.scaleAndAwait(cluster, "/shop-blue", 0);

            // then: blue + green never had fewer than 2 healthy instances between them
            assertThat(recording).keptHealthyInstancesTogetherAtLeast(2);
        }
    }
}
