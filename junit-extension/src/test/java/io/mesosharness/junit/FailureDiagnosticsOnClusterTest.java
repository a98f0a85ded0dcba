package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.marathon.App;
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
        String namespace = "/failure-diagnostics-on-cluster-test-fails-on-the-cluster";
        assertThat(entries.get("mesos-harness.state"))
                .contains("App namespace " + namespace, "Marathon apps", namespace + APP, "a1", "b1");
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
        assertThat(((NamespacedCluster) cluster).shared().marathon().apps())
                .as("the nested run reset its namespace after its failure")
                .extracting(App::id)
                .noneMatch(id -> id.startsWith(namespace + "/"));
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
