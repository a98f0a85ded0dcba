package io.mesosharness.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The same deployment test, run against an existing cluster by configuration only. In a real project that is
 * <pre>
 * MESOS_HARNESS_EXTERNAL_MESOS_URL=http://mesos.staging:5050 \
 * MESOS_HARNESS_EXTERNAL_MARATHON_URL=http://marathon.staging:8080 ./mvnw verify
 * </pre>
 * Here the "existing" cluster is one this test starts itself, and {@link DeployAndScaleTest} runs against it
 * unchanged: it must pass and start nothing.
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class ExternalClusterTest {

    @Test
    void deployAndScaleRunsUnchangedAgainstAnExternalCluster() {
        HarnessConfiguration config = HarnessConfiguration.load();
        try (LocalCluster staging = LocalCluster.start(
                Topology.builder()
                        .name("staging")
                        .agent("a1", "rack:a")
                        .agent("b1", "rack:b")
                        .build(),
                config,
                System.out::println)) {
            int dockerObjects = new DockerJanitor().count(null);
            System.setProperty(
                    "mesos.harness.external.mesos-url", staging.mesosUrl().toString());
            System.setProperty(
                    "mesos.harness.external.marathon-url", staging.marathonUrl().toString());
            try {
                EngineTestKit.engine("junit-jupiter")
                        .selectors(selectClass(DeployAndScaleTest.class))
                        .execute()
                        .testEvents()
                        .assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
            } finally {
                System.clearProperty("mesos.harness.external.mesos-url");
                System.clearProperty("mesos.harness.external.marathon-url");
            }
            assertThat(new DockerJanitor().count(null))
                    .as("containers started in external mode")
                    .isEqualTo(dockerObjects);
            assertThat(staging.marathon().apps())
                    .as("what the test deployed was reset")
                    .isEmpty();
        }
    }
}
