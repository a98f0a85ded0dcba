package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.Topology;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Two clusters on one Docker host at once: separate networks, ZooKeepers, agents and Marathons. */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class TwoClustersSideBySideTest {

    @Test
    void twoClustersRunSideBySideWithoutSeeingEachOther() {
        HarnessConfiguration config = HarnessConfiguration.load();
        Topology left = Topology.builder().name("left").agent("a1", "rack:a").build();
        Topology right = Topology.builder().name("right").agent("a1", "rack:a").build();
        CompletableFuture<LocalCluster> l =
                CompletableFuture.supplyAsync(() -> LocalCluster.start(left, config, System.out::println));
        CompletableFuture<LocalCluster> r =
                CompletableFuture.supplyAsync(() -> LocalCluster.start(right, config, System.out::println));
        try (LocalCluster a = l.join();
                LocalCluster b = r.join()) {
            assertThat(a.id()).isNotEqualTo(b.id());
            assertThat(a.mesos().agents()).hasSize(1);
            assertThat(b.mesos().agents()).hasSize(1);
            assertThat(a.marathon().info().frameworkId())
                    .isNotEqualTo(b.marathon().info().frameworkId());

            a.marathon()
                    .create(MarathonApp.command("/only-left", "sleep 600")
                            .withCpus(0.1)
                            .withMem(32));

            assertThat(a.marathon().apps()).hasSize(1);
            assertThat(b.marathon().apps()).isEmpty();
            String aId = a.id();
            String bId = b.id();
            a.close();
            assertThat(new DockerJanitor().count(aId)).isZero();
            assertThat(new DockerJanitor().count(bId))
                    .as("the other cluster is untouched")
                    .isGreaterThan(0);
        }
    }
}
