package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The pool of clusters started ahead, through JUnit's launcher (which registers {@link ClusterPoolListener} as a listener,
 * as every build tool's run does), with the fake factory. Nothing here depends on timing: a fixture class that is
 * told to waits until the pool has started a cluster ahead (on the pool's thread) before its test ends.
 */
@Tag("unit")
class ClusterPoolTest {

    static final Topology P = Topology.builder().agent(AgentGroup.named("p1")).build();
    /** Per fixture class: the cluster it got. */
    static final Map<String, String> CLUSTER_OF = new ConcurrentHashMap<>();
    /** Per fixture class that waited for it: the cluster the pool started while the class ran. */
    static final Map<String, String> STARTED_WHILE = new ConcurrentHashMap<>();
    /** The fixture classes that wait, in their test, for a cluster started ahead. */
    static final List<String> AWAIT_AHEAD = new CopyOnWriteArrayList<>();

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
        FakeClusterFactory.startDelay = Duration.ofMillis(100);
        CLUSTER_OF.clear();
        STARTED_WHILE.clear();
        AWAIT_AHEAD.clear();
    }

    private static TestExecutionSummary run(Map<String, String> parameters, Class<?>... classes) {
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(java.util.Arrays.stream(classes)
                        .map(c -> selectClass(c))
                        .toList())
                .configurationParameter(OnlyInTestKit.PARAMETER, "true")
                .configurationParameter(ClusterFactory.PARAMETER, FakeClusterFactory.class.getName())
                .configurationParameter(
                        "junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation")
                .configurationParameters(parameters)
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        return summary.getSummary();
    }

    @Test
    void theNextClassGetsTheClusterThePoolStartedWhileTheOneBeforeRan() {
        AWAIT_AHEAD.addAll(List.of("First", "Second"));

        TestExecutionSummary summary = run(Map.of(), First.class, Second.class, Third.class);

        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(CLUSTER_OF.values())
                .as("a cluster no other class touched")
                .doesNotHaveDuplicates()
                .hasSize(3);
        assertThat(CLUSTER_OF.get("Second")).isEqualTo(STARTED_WHILE.get("First"));
        assertThat(CLUSTER_OF.get("Third")).isEqualTo(STARTED_WHILE.get("Second"));
        assertThat(FakeClusterFactory.START_THREADS)
                .as("every start on the pool's thread, the first one too (started when the run began)")
                .containsOnly("mesos-harness-pool");
        assertThat(FakeClusterFactory.STARTED).hasSize(3).allMatch(FakeCluster::closed);
        assertThat(FakeClusterFactory.MOST_PARALLEL_STARTS.get())
                .as("one ahead: never two starts at once")
                .isEqualTo(1);
    }

    @Test
    void withThePoolOffEveryClassStartsItsOwnClusterWhenItRuns() {
        TestExecutionSummary summary = run(Map.of("mesos.harness.pool-ahead", "0"), First.class, Second.class);

        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(FakeClusterFactory.START_THREADS).hasSize(2).doesNotContain("mesos-harness-pool");
        assertThat(FakeClusterFactory.STARTED).hasSize(2).allMatch(FakeCluster::closed);
    }

    @Test
    void aClusterStartedAheadThatNoClassTakesIsClosedAtTheEndOfTheRun() {
        // Second is planned (it is in the test plan) but disabled when it would run: its cluster was started for it
        TestExecutionSummary summary =
                run(Map.of("mesos.harness.pool.test.disable", "Second"), First.class, Second.class);

        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(FakeClusterFactory.STARTED).hasSize(2).allMatch(FakeCluster::closed);
        assertThat(CLUSTER_OF).containsOnlyKeys("First");
    }

    @Test
    void aFailedStartAheadIsReportedOnTheClassThatNeededItWithTheStartsOwnError() {
        FakeClusterFactory.startFailure = new IllegalStateException("agent p1 did not register: boom");

        TestExecutionSummary summary = run(Map.of(), First.class, Second.class);

        assertThat(summary.getFailures())
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.getException()).hasMessageContaining("agent p1 did not register: boom"));
    }

    /** Each fixture records its cluster; one told to waits until the pool has started the next class's cluster. */
    abstract static class Fixture {
        @BeforeAll
        static void record(MesosClusterHandle cluster, org.junit.jupiter.api.TestInfo info) {
            CLUSTER_OF.put(info.getTestClass().orElseThrow().getSimpleName(), cluster.id());
        }

        @Test
        void works(org.junit.jupiter.api.TestInfo info) {
            String name = info.getTestClass().orElseThrow().getSimpleName();
            if (AWAIT_AHEAD.contains(name)) {
                FakeCluster ahead = io.mesosharness.cluster.Poll.until(
                        Duration.ofSeconds(30),
                        "a cluster started ahead while " + name + " runs",
                        () -> FakeClusterFactory.STARTED.stream()
                                .filter(c -> !CLUSTER_OF.containsValue(c.id()))
                                .findFirst()
                                .orElse(null),
                        java.util.Objects::nonNull,
                        c -> "none yet");
                STARTED_WHILE.put(name, ahead.id());
            }
        }
    }

    /** Disables the fixture class named by the parameter {@code mesos.harness.pool.test.disable}. */
    static final class Disabler implements org.junit.jupiter.api.extension.ExecutionCondition {
        @Override
        public org.junit.jupiter.api.extension.ConditionEvaluationResult evaluateExecutionCondition(
                org.junit.jupiter.api.extension.ExtensionContext context) {
            String name = context.getRequiredTestClass().getSimpleName();
            return context.getConfigurationParameter("mesos.harness.pool.test.disable")
                            .filter(name::equals)
                            .isPresent()
                    ? org.junit.jupiter.api.extension.ConditionEvaluationResult.disabled("disabled by the test")
                    : org.junit.jupiter.api.extension.ConditionEvaluationResult.enabled("");
        }
    }

    @ExtendWith({OnlyInTestKit.class, Disabler.class})
    @MesosCluster(name = "pooled", shared = false, agents = @Agent(name = "p1"))
    @Order(1)
    static class First extends Fixture {}

    @ExtendWith({OnlyInTestKit.class, Disabler.class})
    @MesosCluster(name = "pooled", shared = false, agents = @Agent(name = "p1"))
    @Order(2)
    static class Second extends Fixture {}

    @ExtendWith({OnlyInTestKit.class, Disabler.class})
    @MesosCluster(name = "pooled", shared = false, agents = @Agent(name = "p1"))
    @Order(3)
    static class Third extends Fixture {}
}
