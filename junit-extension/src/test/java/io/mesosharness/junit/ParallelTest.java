package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With junit.jupiter.execution.parallel: a shared cluster starts once, distinct topologies start together. */
@Tag("unit")
class ParallelTest {

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "6");

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
    }

    @Test
    void eachTopologyStartsOnceAndDistinctTopologiesStartInParallel() {
        // the start of p and the start of q each wait until the other has begun: they meet only if they overlap
        FakeClusterFactory.meet = new CountDownLatch(2);
        Topology p = Topology.builder().agent(AgentGroup.named("p1")).build();
        Topology q = Topology.builder().agent(AgentGroup.named("q1")).build();
        int pBefore = MesosClusterExtension.startsOf(p);

        var results = Kit.runFake(PARALLEL, P1.class, P2.class, P3.class, Q1.class, Q2.class);

        results.testEvents().assertStatistics(s -> s.succeeded(10).failed(0));
        assertThat(FakeClusterFactory.startedFor(p)).hasSize(1);
        assertThat(FakeClusterFactory.startedFor(q)).hasSize(1);
        assertThat(MesosClusterExtension.startsOf(p) - pBefore).isEqualTo(1);
        assertThat(FakeClusterFactory.MOST_PARALLEL_STARTS.get())
                .as("p and q started at the same time")
                .isEqualTo(2);
        assertThat(FakeClusterFactory.STARTED).allMatch(FakeCluster::closed);
    }

    abstract static class Base {
        @Test
        void one(MesosClusterHandle cluster) {
            assertThat(cluster.agents()).hasSize(1);
        }

        @Test
        void two(MesosClusterHandle cluster) {
            assertThat(cluster.agents()).hasSize(1);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "p1"))
    static class P1 extends Base {}

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "p1"))
    static class P2 extends Base {}

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "p1"))
    static class P3 extends Base {}

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "q1"))
    static class Q1 extends Base {}

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(agents = @Agent(name = "q1"))
    static class Q2 extends Base {}
}
