package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Report entries and stderr on failure; retainOnFailure keeps the cluster and skips the rest of the class. */
@Tag("unit")
class DiagnosticsTest {

    static final Map<String, String> ORDERED =
            Map.of("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation");

    @BeforeEach
    void resetFake() {
        FakeClusterFactory.reset();
    }

    @Test
    void failedTestGetsStateAndLastLogLinesOfEachComponentAsReportEntries() {
        String[] stderr = new String[1];
        var results = capturingStderr(() -> Kit.runFake(Failing.class), stderr);

        results.testEvents().assertStatistics(s -> s.failed(1).succeeded(1));
        Map<String, String> entries = Kit.reportEntries(results);
        assertThat(entries)
                .as("the state names the class's app namespace on the shared cluster")
                .containsEntry(
                        "mesos-harness.state",
                        "App namespace /diagnostics-test-failing of shared cluster diag (ids below are Marathon's):\n"
                                + "Marathon apps (1):\n  /fake-app  1 running\n")
                .containsEntry("mesos-harness.log.zookeeper", "zk line (last 50)")
                .containsEntry("mesos-harness.log.master", "master line")
                .containsEntry("mesos-harness.log.agent-d1", "agent line of d1")
                .containsEntry("mesos-harness.log.marathon", "marathon line")
                .doesNotContainKey("mesos-harness.retained");
        assertThat(results.testEvents().reportingEntryPublished().count())
                .as("entries only for the failed test")
                .isEqualTo(5);
        assertThat(stderr[0])
                .contains(
                        "==== mesos-harness: fails(MesosClusterHandle) in " + Failing.class.getName()
                                + " failed: java.lang.AssertionError: placement is wrong",
                        "/fake-app",
                        "---- agent d1 (last 50 lines)",
                        "agent line of d1");
        assertThat(stderr[0].split("==== mesos-harness:", -1))
                .as("printed once")
                .hasSize(2);
        assertThat(FakeClusterFactory.RETAINED).isEmpty();
        assertThat(FakeClusterFactory.STARTED.get(0).closed()).isTrue();
    }

    @Test
    void failureInBeforeEachIsDiagnosedToo() {
        var results = capturingStderr(() -> Kit.runFake(FailingSetup.class), new String[1]);

        results.testEvents().assertStatistics(s -> s.failed(1));
        assertThat(Kit.reportEntries(results)).containsKeys("mesos-harness.state", "mesos-harness.log.marathon");
    }

    @Test
    void retainOnFailureKeepsTheClusterSkipsTheRestAndLaterClassesGetANewOne() {
        String[] stderr = new String[1];
        var results = capturingStderr(() -> Kit.runFake(ORDERED, Retaining.class, SameTopologyLater.class), stderr);

        FakeCluster kept = FakeClusterFactory.STARTED.get(0);
        assertThat(FakeClusterFactory.RETAINED).containsExactly(kept);
        assertThat(kept.closed()).as("a kept cluster is not stopped").isFalse();
        assertThat(kept.resets.get()).as("nor reset").isZero();
        assertThat(Kit.reportEntries(results))
                .containsEntry("mesos-harness.retained", "Cluster diag is kept running for inspection (fake)");
        assertThat(stderr[0]).contains("---- retainOnFailure", "kept running for inspection (fake)");
        assertThat(Kit.skipReasons(results))
                .singleElement()
                .asString()
                .contains(
                        "was kept for inspection after Retaining.first(MesosClusterHandle) failed (retainOnFailure = true)");
        assertThat(FakeClusterFactory.STARTED)
                .as("the next class with that topology gets a new cluster")
                .hasSize(2);
        assertThat(FakeClusterFactory.STARTED.get(1).closed()).isTrue();
        results.testEvents().assertStatistics(s -> s.failed(1).skipped(1).succeeded(1));
    }

    @Test
    void externalClusterFailureGetsTheStateButNoLogsAndIsNotRetained() {
        var results = capturingStderr(
                () -> Kit.runFake(
                        Map.of(
                                "mesos.harness.external.mesos-url", "http://mesos.staging:5050",
                                "mesos.harness.external.marathon-url", "http://marathon.staging:8080"),
                        Retaining.class),
                new String[1]);

        assertThat(Kit.reportEntries(results)).containsOnlyKeys("mesos-harness.state");
        assertThat(FakeClusterFactory.RETAINED).isEmpty();
        results.testEvents().assertStatistics(s -> s.failed(1).succeeded(1));
    }

    private static EngineExecutionResults capturingStderr(Supplier<EngineExecutionResults> run, String[] into) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            return run.get();
        } finally {
            System.setErr(original);
            into[0] = buffer.toString(StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ fixtures

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "diag", agents = @Agent(name = "d1"))
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class Failing {
        @Test
        void fails(MesosClusterHandle cluster) {
            fail("placement is wrong");
        }

        @Test
        void passes(MesosClusterHandle cluster) {
            assertThat(cluster.name()).isEqualTo("diag");
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "diag", agents = @Agent(name = "d1"))
    static class FailingSetup {
        @BeforeEach
        void setUp() {
            throw new IllegalStateException("setup broke");
        }

        @Test
        void test() {
            assertThat(true).isTrue();
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "diag", agents = @Agent(name = "d1"), retainOnFailure = true)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    @Order(1)
    static class Retaining {
        @Test
        void first(MesosClusterHandle cluster) {
            fail("first fails");
        }

        @Test
        void second(MesosClusterHandle cluster) {
            assertThat(cluster).isNotNull();
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "diag", agents = @Agent(name = "d1"), retainOnFailure = true)
    @Order(2)
    static class SameTopologyLater {
        @Test
        void runsOnAFreshCluster(MesosClusterHandle cluster) {
            assertThat(FakeClusterFactory.RETAINED).doesNotContain(cluster);
        }
    }
}
