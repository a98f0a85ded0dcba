package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
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

/** Sharing by topology, per-class clusters, reset between tests, start failures (fake factory, EngineTestKit). */
@Tag("unit")
class SharingTest {

    static final Topology X = Topology.builder().agent(AgentGroup.named("x1")).build();
    static final Topology Y = Topology.builder().agent(AgentGroup.named("y1")).build();
    static final List<String> OBSERVED = new CopyOnWriteArrayList<>();
    static final List<String> RESETS_SEEN = new CopyOnWriteArrayList<>();
    static final Map<String, String> ORDERED =
            Map.of("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        OBSERVED.clear();
        RESETS_SEEN.clear();
    }

    @Test
    void twoClassesWithAnEqualTopologyShareOneStart() {
        int before = MesosClusterExtension.startsOf(X);

        var results = Kit.runFake(SameA.class, SameB.class);

        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(FakeClusterFactory.startedFor(X)).hasSize(1);
        assertThat(MesosClusterExtension.startsOf(X) - before).isEqualTo(1);
        FakeCluster cluster = FakeClusterFactory.STARTED.get(0);
        assertThat(OBSERVED).containsOnly(cluster.id()).hasSize(4);
        assertThat(cluster.closes.get())
                .as("stopped once, at the end of the run")
                .isEqualTo(1);
    }

    @Test
    void differentTopologiesGetTwoClusters() {
        var results = Kit.runFake(SameA.class, OtherTopology.class);

        results.testEvents().assertStatistics(s -> s.succeeded(3));
        assertThat(FakeClusterFactory.STARTED).extracting(FakeCluster::topology).containsExactlyInAnyOrder(X, Y);
        assertThat(FakeClusterFactory.STARTED).allMatch(FakeCluster::closed);
    }

    @Test
    void sharedClusterOutlivesTheClassAndStopsAtTheEndOfTheRun() {
        var results = Kit.runFake(ORDERED, SameA.class, ProbeStillRunning.class);

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(OBSERVED).contains("closed while the run goes on: false");
        assertThat(FakeClusterFactory.STARTED.get(0).closed()).isTrue();
    }

    @Test
    void notSharedClusterIsStoppedAfterItsClass() {
        var results = Kit.runFake(ORDERED, OwnCluster.class, ProbeStillRunning.class, SameA.class);

        results.testEvents().assertStatistics(s -> s.succeeded(4).failed(0));
        assertThat(OBSERVED).contains("closed while the run goes on: true");
        assertThat(FakeClusterFactory.startedFor(X))
                .as("the shared class does not reuse the class-own cluster")
                .hasSize(2);
        assertThat(FakeClusterFactory.STARTED).allMatch(c -> c.closes.get() == 1);
    }

    @Test
    void resetAfterEveryTestMethod() {
        Kit.runFake(SameA.class).testEvents().assertStatistics(s -> s.succeeded(2));

        assertThat(FakeClusterFactory.STARTED.get(0).resets.get()).isEqualTo(2);
        assertThat(RESETS_SEEN)
                .as("resets seen at the start of each test")
                .containsExactlyInAnyOrder("resets 0", "resets 1");
    }

    @Test
    void noResetWhenTurnedOff() {
        Kit.runFake(NoReset.class).testEvents().assertStatistics(s -> s.succeeded(2));

        assertThat(FakeClusterFactory.STARTED.get(0).resets.get()).isZero();
    }

    @Test
    void aClassThatGetsAnAlreadyStartedSharedClusterResetsItOnceFirst() {
        var results = Kit.runFake(ORDERED, KeepsItsApps.class, InheritsTheCluster.class);

        results.testEvents().assertStatistics(s -> s.succeeded(3).failed(0));
        assertThat(FakeClusterFactory.startedFor(X)).hasSize(1);
        assertThat(RESETS_SEEN)
                .as("the class that started it does not reset first; the next one resets once in "
                        + "beforeAll, before its own @BeforeAll, then after each of its tests")
                .containsExactly(
                        "KeepsItsApps test: resets 0", "InheritsTheCluster @BeforeAll: resets 1",
                        "InheritsTheCluster test: resets 1", "InheritsTheCluster test: resets 2");
        assertThat(FakeClusterFactory.STARTED.get(0).resets.get()).isEqualTo(3);
    }

    @Test
    void failedSharedStartIsTriedOnceAndFailsEveryClassWithTheReason() {
        FakeClusterFactory.startFailure = new IllegalStateException("marathon did not become ready (fake)");
        int before = MesosClusterExtension.startsOf(X);

        var results = Kit.runFake(SameA.class, SameB.class);

        assertThat(MesosClusterExtension.startsOf(X) - before).isEqualTo(1);
        assertThat(Kit.failures(results))
                .hasSize(2)
                .allMatch(f -> f.contains("marathon did not become ready (fake)"))
                .anyMatch(f -> f.contains("failed to start for an earlier class"));
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"))
    @Order(1)
    static class SameA {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add(cluster.id());
            RESETS_SEEN.add("resets " + FakeCluster.of(cluster).resets.get());
        }

        @Test
        void two(MesosClusterHandle cluster) {
            OBSERVED.add(cluster.id());
            RESETS_SEEN.add("resets " + FakeCluster.of(cluster).resets.get());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"))
    static class SameB {
        @Test
        void one(MesosClusterHandle cluster) {
            OBSERVED.add(cluster.id());
        }

        @Test
        void two(MesosClusterHandle cluster) {
            OBSERVED.add(cluster.id());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "y1"))
    static class OtherTopology {
        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(cluster.agents()).extracting(a -> a.name()).containsExactly("y1");
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"), shared = false)
    @Order(0)
    static class OwnCluster {
        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(cluster).isSameAs(FakeClusterFactory.STARTED.get(0));
        }
    }

    /** Runs after the first class and says whether the first cluster was closed already. */
    @ExtendWith(OnlyInTestKit.class)
    @Order(5)
    static class ProbeStillRunning {
        @Test
        void probe() {
            OBSERVED.add("closed while the run goes on: "
                    + FakeClusterFactory.STARTED.get(0).closed());
        }
    }

    /** Leaves its apps behind (no reset between tests), so the next class on the same cluster must reset first. */
    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"), resetBetweenTests = false)
    @Order(1)
    static class KeepsItsApps {
        @Test
        void one(MesosClusterHandle cluster) {
            RESETS_SEEN.add("KeepsItsApps test: resets "
                    + FakeCluster.of(cluster).resets.get());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"))
    @Order(2)
    static class InheritsTheCluster {
        @org.junit.jupiter.api.BeforeAll
        static void before(MesosClusterHandle cluster) {
            RESETS_SEEN.add("InheritsTheCluster @BeforeAll: resets "
                    + FakeCluster.of(cluster).resets.get());
        }

        @Test
        void one(MesosClusterHandle cluster) {
            RESETS_SEEN.add("InheritsTheCluster test: resets "
                    + FakeCluster.of(cluster).resets.get());
        }

        @Test
        void two(MesosClusterHandle cluster) {
            RESETS_SEEN.add("InheritsTheCluster test: resets "
                    + FakeCluster.of(cluster).resets.get());
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "x1"), resetBetweenTests = false)
    static class NoReset {
        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(cluster).isNotNull();
        }

        @Test
        void two(MesosClusterHandle cluster) {
            assertThat(cluster).isNotNull();
        }
    }
}
