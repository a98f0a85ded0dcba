package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * External mode: a cluster started here by hand plays the "existing" cluster; a @MesosCluster class run with the
 * external URLs as configuration parameters uses it and starts nothing.
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class ExternalModeOnClusterTest {

    static LocalCluster target;
    static volatile MesosClusterHandle seen;
    static volatile AgentHandle seenAgent;
    static volatile MesosClusterHandle seenByOwn;

    @BeforeAll
    static void startTheExistingCluster() {
        target = LocalCluster.start(Topology.builder()
                .name("junit-external-target")
                .agent(AgentGroup.named("e1").attributes("rack:e"))
                .build());
    }

    @AfterAll
    static void stopIt() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void runsAgainstTheConfiguredClusterAndStartsNothing() {
        Topology asked = ClusterRequest.find(UsesExternal.class).orElseThrow().topology();
        int starts = MesosClusterExtension.startsOf(asked);

        var results = Kit.run(
                Map.of(
                        "mesos.harness.external.mesos-url", target.mesosUrl().toString(),
                        "mesos.harness.external.marathon-url",
                                target.marathonUrl().toString()),
                UsesExternal.class,
                AsksForItsOwn.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(MesosClusterExtension.startsOf(asked)).isEqualTo(starts);
        assertThat(seen.isExternal()).isTrue();
        assertThat(seen.mesosUrl()).isEqualTo(target.mesosUrl());
        assertThat(seenAgent.attributes()).containsEntry("rack", "e");
        assertThat(seen.marathon().namespace().group()).endsWith("-uses-external");
        assertThat(seenByOwn.marathon().namespace().group())
                .as("shared = false on an external cluster still works in a namespace: it is never the class's own")
                .endsWith("-asks-for-its-own");
        assertThat(target.marathon().ping())
                .as("the external cluster is left running")
                .isTrue();
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "junit-external", shared = false, agents = @Agent(name = "e1"))
    static class AsksForItsOwn {
        @Test
        void test(MesosClusterHandle cluster) {
            seenByOwn = cluster;
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "junit-external", agents = @Agent(name = "e1"))
    static class UsesExternal {
        @Test
        void test(MesosClusterHandle cluster, AgentHandle e1) {
            seen = cluster;
            seenAgent = e1;
            assertThat(cluster.marathon().ping()).isTrue();
        }
    }
}
