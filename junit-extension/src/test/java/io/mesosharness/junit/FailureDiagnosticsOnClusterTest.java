package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A failing class run through EngineTestKit against the real shared cluster: the state and each component's last
 * log lines are attached as report entries, and the nested run reuses the shared cluster.
 */
@Tag("cluster")
@SmallCluster
class FailureDiagnosticsOnClusterTest {

    static final String APP = "/junit-diag-app";

    @Test
    void failedTestGetsStateAndLogsAttached(MesosClusterHandle cluster) {
        int starts = MesosClusterExtension.startsOf(SharedClusterFirstTest.smallTopology());

        var results = Kit.run(Map.of(), FailsOnTheCluster.class);

        results.testEvents().assertStatistics(s -> s.failed(1));
        Map<String, String> entries = Kit.reportEntries(results);
        assertThat(entries.get("mesos-harness.state")).contains("Marathon apps", APP, "a1", "b1");
        assertThat(entries)
                .containsKeys(
                        "mesos-harness.log.zookeeper",
                        "mesos-harness.log.master",
                        "mesos-harness.log.agent-a1",
                        "mesos-harness.log.agent-b1",
                        "mesos-harness.log.marathon");
        assertThat(entries.get("mesos-harness.log.marathon")).isNotBlank();
        assertThat(entries.get("mesos-harness.log.marathon").lines().count())
                .isLessThanOrEqualTo(MesosClusterExtension.LOG_LINES);
        assertThat(MesosClusterExtension.startsOf(SharedClusterFirstTest.smallTopology()))
                .isEqualTo(starts);
        assertThat(cluster.marathon().apps())
                .as("the nested run reset after its failure")
                .isEmpty();
    }

    @ExtendWith(OnlyInTestKit.class)
    @SmallCluster
    static class FailsOnTheCluster {
        @Test
        void deploysThenFails(MesosClusterHandle cluster) {
            cluster.marathon().create(MarathonApp.command(APP, "sleep 3600"));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.marathon().app(APP).tasksRunning() == 1);
            fail("deliberate failure to collect diagnostics");
        }
    }
}
