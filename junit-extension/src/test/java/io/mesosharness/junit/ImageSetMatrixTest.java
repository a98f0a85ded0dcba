package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * {@link MesosImageSets}: the class runs once per image set, each run a container named after the set, the set's
 * images reaching the cluster factory, one cluster per set shared by the classes (fake factory, EngineTestKit).
 */
@Tag("unit")
class ImageSetMatrixTest {

    static final Topology M = Topology.builder().agent(AgentGroup.named("m1")).build();
    static final List<String> OBSERVED = new CopyOnWriteArrayList<>();
    static final String CURRENT = "mesosphere/marathon:v1.11.24";
    static final String NEXT = "mesosphere/marathon:v1.11.25-rc1";
    static final Map<String, String> SETS = Map.of(
            "mesos.harness.image-set.current.marathon", CURRENT,
            "mesos.harness.image-set.next.marathon", NEXT);

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        OBSERVED.clear();
    }

    private static List<String> invocationNames(EngineExecutionResults results) {
        return results.containerEvents().started().stream()
                .map(Event::getTestDescriptor)
                .filter(d -> d.getUniqueId().getLastSegment().getType().equals("class-template-invocation"))
                .map(TestDescriptor::getDisplayName)
                .toList();
    }

    @Test
    void eachSetIsAContainerNamedAfterItWithItsImagesAndOneClusterPerSetForBothClasses() {
        int before = MesosClusterExtension.startsOf(M);

        var results = Kit.runFake(SETS, MatrixA.class, MatrixB.class);

        results.testEvents().assertStatistics(s -> s.succeeded(6).failed(0));
        assertThat(invocationNames(results)).containsExactly("current", "next", "current", "next");
        assertThat(FakeClusterFactory.STARTED)
                .as("one cluster per set, shared by both classes")
                .hasSize(2);
        assertThat(MesosClusterExtension.startsOf(M) - before).isEqualTo(2);
        assertThat(FakeClusterFactory.MARATHON_IMAGES.values()).containsExactlyInAnyOrder(CURRENT, NEXT);
        assertThat(OBSERVED).hasSize(6).allSatisfy(line -> {
            String[] parts = line.split(" ");
            assertThat(FakeClusterFactory.MARATHON_IMAGES.get(parts[1]))
                    .as("the cluster a test of set %s got", parts[0])
                    .isEqualTo(parts[0].equals("next") ? NEXT : CURRENT);
        });
        assertThat(FakeClusterFactory.STARTED).allMatch(FakeCluster::closed);
    }

    @Test
    void setsWithTheSameImagesStillRunSeparatelyWithAClusterEach() {
        var results = Kit.runFake(
                Map.of(
                        "mesos.harness.image-set.current.marathon", CURRENT,
                        "mesos.harness.image-set.next.marathon", CURRENT),
                MatrixA.class);

        results.testEvents().assertStatistics(s -> s.succeeded(4));
        assertThat(invocationNames(results)).containsExactly("current", "next");
        assertThat(FakeClusterFactory.STARTED).hasSize(2);
        assertThat(FakeClusterFactory.MARATHON_IMAGES.values()).containsOnly(CURRENT);
    }

    @Test
    void withoutNamesInTheAnnotationTheSetsComeFromTheImageSetsSetting() {
        var results = Kit.runFake(
                Map.of(
                        "mesos.harness.image-sets",
                        "next,current",
                        "mesos.harness.image-set.next.marathon",
                        NEXT,
                        "mesos.harness.image-set.current.marathon",
                        CURRENT),
                FromSetting.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2));
        assertThat(invocationNames(results)).containsExactly("next", "current");
    }

    @Test
    void anUndefinedSetFailsTheClassSayingWhatToSet() {
        var results = Kit.runFake(Map.of(), MatrixA.class);

        assertThat(Kit.failures(results))
                .singleElement()
                .asString()
                .contains("@MesosImageSets on " + MatrixA.class.getName() + ": Image set 'current' is not defined: "
                        + "set at least one of mesos.harness.image-set.current.{zookeeper,mesos-master,mesos-agent,"
                        + "marathon}");
        assertThat(FakeClusterFactory.STARTED).isEmpty();
    }

    @Test
    void unavailableImagesAbortEachSetWithTheReason() {
        FakeClusterFactory.imagesReason = "image mesosphere/marathon:v1.11.25-rc1 not found (fake)";

        var results = Kit.runFake(SETS, MatrixA.class);

        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(results.containerEvents().aborted().stream()
                        .map(e -> e.getTestDescriptor().getDisplayName())
                        .toList())
                .containsExactly("current", "next");
        assertThat(results.containerEvents().aborted().stream()
                        .map(e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                                .orElseThrow()
                                .getThrowable()
                                .orElseThrow()
                                .getMessage())
                        .toList())
                .allMatch(m -> m.contains("image mesosphere/marathon:v1.11.25-rc1 not found (fake)"));
        assertThat(FakeClusterFactory.STARTED).isEmpty();
    }

    @Test
    void perClassInstancesGetTheClusterOfTheirSet() {
        var results = Kit.runFake(SETS, PerClassInstance.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(OBSERVED).extracting(line -> line.split(" ")[0]).containsExactly("current", "next");
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "m1"))
    @MesosImageSets({"current", "next"})
    static class MatrixA {
        @ClusterHandle
        static MesosClusterHandle shared;

        @Test
        void one(MesosClusterHandle cluster, org.junit.jupiter.api.TestInfo info) {
            assertThat(shared).as("static field injected for this set's run").isSameAs(cluster);
            observe(cluster);
        }

        @Test
        void two(MesosClusterHandle cluster) {
            observe(cluster);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "m1"))
    @MesosImageSets({"current", "next"})
    static class MatrixB {
        @ClusterHandle
        MesosClusterHandle field;

        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(field).as("instance field of this set's run").isSameAs(cluster);
            observe(cluster);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "m1"), shared = false)
    @MesosImageSets
    static class FromSetting {
        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(cluster.id()).isNotBlank();
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "m1"))
    @MesosImageSets({"current", "next"})
    @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
    static class PerClassInstance {
        @ClusterHandle
        MesosClusterHandle cluster;

        @Test
        void one(MesosClusterHandle parameter) {
            assertThat(cluster).as("instance field of this set's run").isSameAs(parameter);
            observe(cluster);
        }
    }

    /** Records "SET CLUSTER-ID": the set from the marathon image the factory saw for this cluster. */
    static void observe(MesosClusterHandle cluster) {
        String image = FakeClusterFactory.MARATHON_IMAGES.get(cluster.id());
        OBSERVED.add((NEXT.equals(image) ? "next" : "current") + " " + cluster.id());
    }
}
