package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.mesos.MesosTask;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real-cluster side of {@link NamespaceIsolationTest}: two classes run concurrently (JUnit parallel execution)
 * on this run's shared cluster, deploy an app of the same short id, see only their own, and one class's reset leaves
 * the other's app running.
 */
@Tag("cluster")
@SmallCluster
class NamespacesOnClusterTest {

    static final String A = "/namespaces-on-cluster-test-deploys-and-resets";
    static final String B = "/namespaces-on-cluster-test-keeps-its-app";
    static volatile CyclicBarrier deployed;
    static volatile CyclicBarrier firstReset;

    @Test
    void twoConcurrentClassesOnTheSharedClusterNeitherSeeNorRemoveEachOthersApps(MesosClusterHandle cluster) {
        int starts = MesosClusterExtension.startsOf(SharedClusterFirstTest.smallTopology());
        deployed = new CyclicBarrier(2);
        firstReset = new CyclicBarrier(2);

        var results = Kit.run(NamespaceIsolationTest.PARALLEL, DeploysAndResets.class, KeepsItsApp.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(MesosClusterExtension.startsOf(SharedClusterFirstTest.smallTopology()))
                .as("the nested run used this run's shared cluster")
                .isEqualTo(starts);
        assertThat(((NamespacedCluster) cluster).shared().marathon().apps())
                .extracting(App::id)
                .as("both namespaces were reset after their tests")
                .noneMatch(id -> id.startsWith(A + "/") || id.startsWith(B + "/"));
    }

    static void deployAndCheck(MesosClusterHandle cluster, String namespace) throws Exception {
        assertThat(((NamespacedCluster) cluster).namespace().group()).isEqualTo(namespace);
        Waits.deployAndAwait(cluster, MarathonApp.command("/web", "sleep 3600"));
        deployed.await(3, TimeUnit.MINUTES);

        assertThat(cluster.marathon().apps()).extracting(App::id).containsExactly(namespace + "/web");
        assertThat(((NamespacedCluster) cluster).shared().marathon().apps())
                .extracting(App::id)
                .contains(A + "/web", B + "/web");
    }

    @ExtendWith(OnlyInTestKit.class)
    @SmallCluster
    static class DeploysAndResets {
        @Test
        void deploysThenResets(MesosClusterHandle cluster) throws Exception {
            deployAndCheck(cluster, A);

            cluster.reset();
            firstReset.await(3, TimeUnit.MINUTES);
            assertThat(cluster.marathon().apps()).isEmpty();
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @SmallCluster
    static class KeepsItsApp {
        @Test
        void keepsItsApp(MesosClusterHandle cluster) throws Exception {
            deployAndCheck(cluster, B);

            firstReset.await(3, TimeUnit.MINUTES);
            assertThat(cluster.marathon().app("/web").tasksRunning()).isEqualTo(1);
            assertThat(cluster.mesos().tasks())
                    .filteredOn(t -> "TASK_RUNNING".equals(t.state()))
                    .extracting(MesosTask::name)
                    .as("Mesos names a task of /ns/web web.ns: the other class's task is gone, this one's runs")
                    .contains("web" + B.replace('/', '.'))
                    .doesNotContain("web" + A.replace('/', '.'));
        }
    }
}
