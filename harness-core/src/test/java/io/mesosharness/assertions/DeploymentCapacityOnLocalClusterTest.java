package io.mesosharness.assertions;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.HealthCheck;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Deployment capacity checks against a real local cluster (two agents): a rolling restart that keeps half of the
 * instances healthy, and one whose {@code upgradeStrategy} lets Marathon kill every instance at once, which the
 * 50 % check must catch with its timeline. The app serves HTTP with perl and has a COMMAND health check (the agent
 * image has no curl).
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class DeploymentCapacityOnLocalClusterTest {

    private static final Duration DEPLOY = Duration.ofSeconds(120);
    private static final String PERL_HTTP =
            "perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalPort=>$ENV{PORT0},"
                    + "Listen=>5,ReuseAddr=>1) or die $!; while($c=$s->accept){while(<$c>){last if /^\\r?$/} "
                    + "print $c \"HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok\"; close $c}'";
    private static final HealthCheck CONNECTS = HealthCheck.command(
                    "perl -MIO::Socket::INET -e 'IO::Socket::INET->new(\"127.0.0.1:$ENV{PORT0}\") or exit 1'")
            .withGracePeriodSeconds(30)
            .withDelaySeconds(1)
            .withIntervalSeconds(1)
            .withTimeoutSeconds(1)
            .withMaxConsecutiveFailures(3);

    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start(
                Topology.builder()
                        .name("capacity")
                        .agent("a1", "rack:a")
                        .agent("b1", "rack:b")
                        .build(),
                HarnessConfiguration.load(),
                System.out::println);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void reset() {
        if (cluster != null) {
            cluster.reset();
        }
    }

    private static MarathonApp web(int instances, double minimumHealth, double maximumOver) {
        return MarathonApp.command("/web", PERL_HTTP)
                .withInstances(instances)
                .withPorts(1)
                .withHealthCheck(CONNECTS)
                .withUpgradeStrategy(minimumHealth, maximumOver);
    }

    @Test
    void rollingRestartKeepsHalfTheInstancesHealthy() {
        Waits.deployAndAwait(cluster, web(4, 0.5, 0), DEPLOY);
        Waits.awaitHealthy(cluster, "/web", DEPLOY);

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            cluster.marathon().restart("/web");

            assertThat(cluster)
                    .app("/web")
                    .within(DEPLOY)
                    .lastDeployment()
                    .succeeded()
                    .keptHealthyCapacityAtLeast(0.5)
                    .neverExceeded(1.0)
                    .keptItsUpgradeStrategy();
        }
    }

    @Test
    void restartAllowedToDropToZeroFailsTheHalfCapacityCheckWithTheTimeline() {
        Waits.deployAndAwait(cluster, web(2, 0, 0), DEPLOY);
        Waits.awaitHealthy(cluster, "/web", DEPLOY);

        try (DeploymentRecorder recording = DeploymentRecorder.start(cluster, "/web")) {
            cluster.marathon().restart("/web");
            DeploymentAssert last =
                    assertThat(cluster).app("/web").within(DEPLOY).lastDeployment();

            last.succeeded().keptItsUpgradeStrategy();
            assertThatThrownBy(() -> last.keptHealthyCapacityAtLeast(0.5))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Expected /web to keep at least 1 of 2 instances healthy (50 %, as asked)")
                    .hasMessageContaining("but healthy fell to 0.")
                    .hasMessageContaining("minimumHealthCapacity 0.0, maximumOverCapacity 0.0; instances 2")
                    .hasMessageMatching("(?s).*time +healthy +running +staged +event.*")
                    .hasMessageMatching("(?s).*\n> \\S+ +0 +\\d +\\d +.*");
        }
    }
}
