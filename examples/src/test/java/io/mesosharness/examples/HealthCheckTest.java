package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.HealthCheck;
import io.mesosharness.marathon.MarathonApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Health checks turn green for a serving app and red for a broken one. */
@Tag("cluster")
@TwoRacks
class HealthCheckTest {

    @Test
    void servingAppBecomesHealthy(MesosClusterHandle cluster) {
        // given: a tiny HTTP server on $PORT0 with a COMMAND health check that connects to it with perl
        // (apps/health.json; MESOS_HTTP would need curl in the agent image)
        cluster.marathon().create(MarathonApp.fromResource("apps/health.json"));

        assertThat(cluster).app("/health").becomesHealthy().hasHealthyInstances(1);
    }

    @Test
    void failingCommandCheckBecomesUnhealthy(MesosClusterHandle cluster) {
        // first check after 1 s (delaySeconds), then every second; never killed for it, so it stays unhealthy
        cluster.marathon()
                .create(MarathonApp.command("/sick", "while true; do sleep 5; done")
                        .withCpus(0.1)
                        .withMem(32)
                        .withHealthCheck(HealthCheck.command("false")
                                .withGracePeriodSeconds(0)
                                .withDelaySeconds(1)
                                .withIntervalSeconds(1)
                                .withTimeoutSeconds(1)
                                .withMaxConsecutiveFailures(1000)));

        assertThat(cluster).app("/sick").becomesUnhealthy();
    }
}
