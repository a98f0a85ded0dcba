package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** mesos.harness.max-shared-clusters: the least recently used idle shared cluster is stopped before another starts. */
@Tag("unit")
class SharedClusterLimitTest {

    static final Topology L1 = Topology.builder().agent(AgentGroup.named("l1")).build();
    static final Topology L2 = Topology.builder().agent(AgentGroup.named("l2")).build();
    static final Topology L3 = Topology.builder().agent(AgentGroup.named("l3")).build();
    static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        OBSERVED.clear();
    }

    private static Map<String, String> ordered(String max) {
        return Map.of(
                "junit.jupiter.testclass.order.default",
                "org.junit.jupiter.api.ClassOrderer$OrderAnnotation",
                HarnessConfiguration.Setting.MAX_SHARED_CLUSTERS.property(),
                max);
    }

    @Test
    void withACapOfTwoTheLeastRecentlyUsedClusterStopsBeforeAThirdStarts() {
        var results = Kit.runFake(ordered("2"), First1.class, Then2.class, Again1.class, Then3.class, Last1.class);

        assertThat(Kit.failures(results)).isEmpty();
        assertThat(FakeClusterFactory.STARTED)
                .extracting(FakeCluster::topology)
                .as("l1 used again after l2, so l2 is the least recently used when l3 starts")
                .containsExactly(L1, L2, L3);
        assertThat(OBSERVED)
                .containsExactly(
                        "First1 live 1",
                        "Then2 live 2",
                        "Again1 live 2",
                        "Then3 l2 closed true, l1 closed false",
                        "Last1 same l1 true");
        assertThat(FakeClusterFactory.STARTED).allMatch(c -> c.closes.get() == 1);
    }

    @Test
    void withACapOfOneEachNewTopologyStopsThePreviousCluster() {
        var results = Kit.runFake(ordered("1"), First1.class, Then2.class, Again1.class);

        assertThat(Kit.failures(results)).isEmpty();
        assertThat(FakeClusterFactory.STARTED).extracting(FakeCluster::topology).containsExactly(L1, L2, L1);
        assertThat(FakeClusterFactory.STARTED.get(0).closed()).isTrue();
    }

    @Test
    void anExternalClusterCostsNoLocalClusterAndStopsNone() {
        // an inner run in external mode (as examples' ExternalClusterTest runs one) while the cap is reached and l1
        // is idle: connecting to the external cluster must not stop l1
        var results = Kit.runFake(ordered("2"), First1.class, RunsExternalInside.class);

        assertThat(Kit.failures(results)).isEmpty();
        assertThat(OBSERVED).contains("inner run passed true, l1 closed false, live 2");
        assertThat(FakeClusterFactory.CONNECTED).hasSize(1);
    }

    @Test
    void aBadCapNamesTheSettingTheValueAndWhereItCameFrom() {
        var results = Kit.runFake(ordered("many"), First1.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("mesos.harness.max-shared-clusters = 'many' (JUnit configuration parameter "
                        + "mesos.harness.max-shared-clusters): must be a whole number >= 1");
        assertThatThrownBy(() -> cap("0").getPositiveInt(HarnessConfiguration.Setting.MAX_SHARED_CLUSTERS))
                .hasMessageContaining("'0' (system property mesos.harness.max-shared-clusters)");
        assertThat(cap(" 4 ").getPositiveInt(HarnessConfiguration.Setting.MAX_SHARED_CLUSTERS))
                .isEqualTo(4);
    }

    private static HarnessConfiguration cap(String value) {
        return HarnessConfiguration.of(Map.of("mesos.harness.max-shared-clusters", value), Map.of());
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l1"))
    @Order(1)
    static class First1 {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add("First1 live " + SharedClusters.live());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l2"))
    @Order(2)
    static class RunsExternalInside {
        @Test
        void one(MesosClusterHandle l2) {
            var inner = Kit.runFake(
                    Map.of(
                            HarnessConfiguration.Setting.MAX_SHARED_CLUSTERS.property(),
                            "1",
                            "mesos.harness.external.mesos-url",
                            "http://mesos.staging:5050",
                            "mesos.harness.external.marathon-url",
                            "http://marathon.staging:8080"),
                    ExternalUser.class);
            OBSERVED.add("inner run passed " + Kit.failures(inner).isEmpty() + ", l1 closed "
                    + FakeClusterFactory.startedFor(L1).get(0).closed() + ", live " + SharedClusters.live());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l2"))
    static class ExternalUser {
        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(cluster.isExternal()).isTrue();
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l2"))
    @Order(2)
    static class Then2 {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add("Then2 live " + SharedClusters.live());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l1"))
    @Order(3)
    static class Again1 {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add("Again1 live " + SharedClusters.live());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l3"))
    @Order(4)
    static class Then3 {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add("Then3 l2 closed "
                    + FakeClusterFactory.startedFor(L2).get(0).closed() + ", l1 closed "
                    + FakeClusterFactory.startedFor(L1).get(0).closed());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "l1"))
    @Order(5)
    static class Last1 {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add("Last1 same l1 "
                    + (FakeCluster.of(cluster)
                            == FakeClusterFactory.startedFor(L1).get(0)));
        }
    }
}
