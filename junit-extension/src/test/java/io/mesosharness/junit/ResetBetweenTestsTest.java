package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.mesos.MesosTask;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What one test deploys is gone, in Marathon and in Mesos, when the next test starts. */
@Tag("cluster")
@SmallCluster
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetBetweenTestsTest {

    static final String APP = "/junit-reset-probe";

    @Test
    @Order(1)
    void deploysAnApp(MesosClusterHandle cluster) {
        cluster.marathon().create(MarathonApp.command(APP, "sleep 3600"));

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.marathon().app(APP).tasksRunning() == 1);
    }

    @Test
    @Order(2)
    void seesNoAppsOfTheTestBefore(MesosClusterHandle cluster) {
        // on the shared cluster the app lives in this class's namespace: /reset-between-tests-test/junit-reset-probe,
        // whose Mesos tasks are named junit-reset-probe.reset-between-tests-test
        String id = cluster.marathon().qualify(APP);
        assertThat(id).isEqualTo("/reset-between-tests-test" + APP);
        assertThat(cluster.marathon().apps()).extracting(App::id).doesNotContain(id);
        assertThat(cluster.mesos().tasks())
                .filteredOn(t -> "TASK_RUNNING".equals(t.state()))
                .extracting(MesosTask::name)
                .noneMatch(name -> name.startsWith(APP.substring(1)));
    }
}
