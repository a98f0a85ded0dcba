package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonTaskIds;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one test deploys is gone, in Marathon and in Mesos, when the next test starts. The two tests run as one
 * EngineTestKit run, so neither can pass alone: the second only counts when the first had its app running.
 */
@Tag("cluster")
@SmallCluster
class ResetBetweenTestsTest {

    static final String APP = "/junit-reset-probe";
    static final AtomicInteger RUNNING_IN_FIRST = new AtomicInteger();
    static final AtomicInteger LIVE_IN_SECOND = new AtomicInteger(-1);

    @Test
    void theNextTestSeesNothingOfTheOneBefore(MesosClusterHandle cluster) {
        var results = Kit.run(Map.of(), DeployThenLook.class);

        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(RUNNING_IN_FIRST.get())
                .as("tasks of " + APP + " running in the first test")
                .isEqualTo(1);
        assertThat(LIVE_IN_SECOND.get())
                .as("live Mesos tasks of " + APP + " in the second test")
                .isZero();
    }

    @ExtendWith(OnlyInTestKit.class)
    @SmallCluster
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class DeployThenLook {

        @Test
        @Order(1)
        void deploysAnApp(MesosClusterHandle cluster) {
            cluster.marathon().create(MarathonApp.command(APP, "sleep 3600"));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> cluster.marathon().app(APP).tasksRunning() == 1);
            RUNNING_IN_FIRST.set(cluster.marathon().app(APP).tasksRunning());
        }

        @Test
        @Order(2)
        void seesNoAppsOfTheTestBefore(MesosClusterHandle cluster) {
            // on the shared cluster the app lives in this class's namespace (/deploy-then-look/junit-reset-probe)
            String id = cluster.marathon().qualify(APP);
            assertThat(cluster.marathon().apps()).extracting(App::id).doesNotContain(id);
            LIVE_IN_SECOND.set((int) cluster.mesos().tasks().stream()
                    .filter(t -> MarathonTaskIds.belongsToApp(t.id(), id))
                    .map(MesosTask::state)
                    .filter(s -> s.equals("TASK_RUNNING") || s.equals("TASK_STAGING") || s.equals("TASK_STARTING"))
                    .count());
        }
    }
}
