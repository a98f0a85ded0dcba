package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.Topology;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** External mode pointed at a started local cluster: nothing starts, checks read it, faults are refused. */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class ExternalModeClusterTest {

    private static LocalCluster local;

    @BeforeAll
    static void start() {
        local = LocalCluster.start(
                Topology.builder()
                        .name("ext")
                        .agent("a1", "rack:a")
                        .agent("b1", "rack:b")
                        .build(),
                HarnessConfiguration.load(),
                System.out::println);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Test
    void externalHandleReadsTheClusterAndItsNamespaceResetLeavesOthersAlone() {
        local.marathon()
                .create(MarathonApp.command("/was-there", "sleep 600")
                        .withCpus(0.1)
                        .withMem(32));
        int containersBefore = new DockerJanitor().count(null);

        try (ExternalCluster external = ExternalCluster.connect(
                local.mesosUrl().toString(), local.marathonUrl().toString())) {
            assertThat(external.agents()).extracting(AgentHandle::name).containsExactlyInAnyOrder("a1", "b1");
            assertThat(external.agent("b1").attributes()).containsEntry("rack", "b");

            MesosClusterHandle mine = NamespacedCluster.of(external, "from-test");
            mine.marathon()
                    .create(MarathonApp.command("/app", "sleep 600")
                            .withCpus(0.1)
                            .withMem(32));
            // someone else deploys while the tests run: reset must leave it alone
            local.marathon()
                    .create(MarathonApp.command("/others-later", "sleep 600")
                            .withCpus(0.1)
                            .withMem(32));
            assertThat(external.marathon().apps())
                    .extracting(a -> a.id())
                    .containsExactlyInAnyOrder("/was-there", "/others-later", "/from-test/app");
            mine.reset();

            assertThat(external.marathon().apps())
                    .extracting(a -> a.id())
                    .containsExactlyInAnyOrder("/was-there", "/others-later");
            assertThatThrownBy(external::reset).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> external.agent("a1").stop())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("not available against an external cluster");
        }
        assertThat(new DockerJanitor().count(null))
                .as("external mode starts nothing")
                .isEqualTo(containersBefore);
    }
}
