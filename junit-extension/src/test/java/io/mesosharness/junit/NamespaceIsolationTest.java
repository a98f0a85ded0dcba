package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.NamespacedCluster;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.testing.FakeServer;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two classes on one shared cluster, run at the same time (JUnit parallel execution): each gets its own app
 * namespace, sees only its own apps, and its reset removes only its own namespace. The fake cluster's Marathon is an
 * in-memory Marathon ({@link FakeServer#inMemoryMarathon()}); the classes meet at barriers, so they fail unless they really run concurrently.
 */
@Tag("unit")
class NamespaceIsolationTest {

    static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.mode.default", "concurrent",
            "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");

    /** Both classes have deployed; then class A has reset. */
    static volatile CyclicBarrier deployed;

    /** Both classes have checked what they see (so class A's reset cannot come before class B's check). */
    static volatile CyclicBarrier checked;

    static volatile CyclicBarrier firstReset;
    private FakeServer marathon;

    @BeforeEach
    void start() throws Exception {
        FakeClusterFactory.reset();
        marathon = new FakeServer().inMemoryMarathon();
        FakeClusterFactory.marathonUrl = marathon.url().toString();
        deployed = new CyclicBarrier(2);
        checked = new CyclicBarrier(2);
        firstReset = new CyclicBarrier(2);
    }

    @AfterEach
    void stop() {
        marathon.close();
        FakeClusterFactory.reset();
    }

    @Test
    void twoConcurrentClassesNeitherSeeNorRemoveEachOthersApps() {
        var results = Kit.runFake(PARALLEL, ClassA.class, ClassB.class);

        assertThat(Kit.failures(results)).isEmpty();
        results.testEvents().assertStatistics(s -> s.succeeded(2).failed(0));
        assertThat(FakeClusterFactory.STARTED).as("one shared cluster").hasSize(1);
        assertThat(marathon.appIds())
                .as("both namespaces reset after their test")
                .isEmpty();
        assertThat(marathon.deletes)
                .as("each reset removed its own namespace only, never an app of the other")
                .containsOnly("group /namespace-isolation-test-class-a", "group /namespace-isolation-test-class-b")
                .contains("group /namespace-isolation-test-class-a", "group /namespace-isolation-test-class-b");
        assertThat(FakeClusterFactory.STARTED.get(0).groupResets)
                .containsOnly("/namespace-isolation-test-class-a", "/namespace-isolation-test-class-b");
    }

    @Test
    void aClassThatDoesNotShareItsClusterHasNoNamespace() {
        var results = Kit.runFake(OwnCluster.class);

        results.testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
        assertThat(marathon.deletes)
                .as("reset of a class-own cluster is the cluster's reset")
                .isEmpty();
    }

    // ------------------------------------------------------------------ fixtures

    static void deployAndCheckIsolation(MesosClusterHandle cluster, String expectedNamespace) throws Exception {
        assertThat(cluster).isInstanceOf(NamespacedCluster.class);
        assertThat(((NamespacedCluster) cluster).namespace().group()).isEqualTo(expectedNamespace);
        MarathonClient marathon = cluster.marathon();
        marathon.create(MarathonApp.command("/web", "sleep 3600"));
        marathon.create(MarathonApp.command("/db", "sleep 3600"));
        deployed.await(20, TimeUnit.SECONDS);

        assertThat(marathon.apps())
                .extracting(App::id)
                .containsExactlyInAnyOrder(expectedNamespace + "/web", expectedNamespace + "/db");
        assertThat(marathon.findApp("/web")).map(App::id).contains(expectedNamespace + "/web");
        assertThat(FakeCluster.of(cluster).marathon().apps())
                .as("the shared cluster runs both classes' apps under the same short ids")
                .hasSize(4);
        checked.await(20, TimeUnit.SECONDS);
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "iso", agents = @Agent(name = "i1"))
    static class ClassA {
        @Test
        void deploysThenResetsWhileTheOtherClassRuns(MesosClusterHandle cluster) throws Exception {
            deployAndCheckIsolation(cluster, "/namespace-isolation-test-class-a");

            cluster.reset();
            assertThat(cluster.marathon().apps()).isEmpty();
            firstReset.await(20, TimeUnit.SECONDS);
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "iso", agents = @Agent(name = "i1"))
    static class ClassB {
        @Test
        void keepsItsAppsWhenTheOtherClassResets(MesosClusterHandle cluster) throws Exception {
            deployAndCheckIsolation(cluster, "/namespace-isolation-test-class-b");

            firstReset.await(20, TimeUnit.SECONDS);
            assertThat(cluster.marathon().apps())
                    .extracting(App::id)
                    .containsExactlyInAnyOrder(
                            "/namespace-isolation-test-class-b/web", "/namespace-isolation-test-class-b/db");
            assertThat(FakeCluster.of(cluster).marathon().apps())
                    .as("class A's namespace is gone")
                    .extracting(App::id)
                    .allMatch(id -> id.startsWith("/namespace-isolation-test-class-b/"));
        }
    }

    @ExtendWith(OnlyInTestKit.class)
    @MesosCluster(name = "iso", agents = @Agent(name = "i1"), shared = false)
    static class OwnCluster {
        @Test
        void plainIds(MesosClusterHandle cluster) {
            assertThat(cluster).isNotInstanceOf(NamespacedCluster.class);
            assertThat(cluster.marathon().qualify("/web")).isEqualTo("/web");
        }
    }
}
