package io.mesosharness.bench;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.MarathonApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Test classes run through the JUnit Platform with the real extension, timed from the inside; figures in ms. */
final class SuiteRuns {

    /** When each class started (its simple name) and each step happened, in {@link System#nanoTime()}. */
    private static final Map<String, Long> AT = new ConcurrentHashMap<>();

    private static final Duration WORK = Duration.ofSeconds(10);

    private SuiteRuns() {}

    record SharedCluster(Double secondClassGetsSharedClusterMs, Double resetBetweenTestsMs, String failed) {}

    record OwnClusterSuite(
            int poolAhead,
            List<Double> classWaitsMs,
            Double medianWaitAfterAClassOfTenSecondsMs,
            Long suiteMs,
            String failed) {}

    @MesosCluster(name = "bench-shared", agents = @Agent(name = "a1", attributes = "rack:a"))
    static class First {
        @Test
        void one(MesosClusterHandle cluster) {
            cluster.marathon().apps();
            AT.put("firstTestEnded", System.nanoTime());
        }

        @Test
        void two(MesosClusterHandle cluster) {
            AT.put("secondTestStarted", System.nanoTime());
        }
    }

    @MesosCluster(name = "bench-shared", agents = @Agent(name = "a1", attributes = "rack:a"))
    static class Second {
        @Test
        void only(MesosClusterHandle cluster) {
            AT.put("Second test", System.nanoTime());
        }
    }

    /** A {@code shared = false} class doing {@link #WORK} of real work: deploy, then restart until the time is up. */
    @MesosCluster(name = "bench-pool", shared = false, agents = @Agent(name = "a", count = 3))
    abstract static class Worker {
        @Test
        void work(MesosClusterHandle cluster) {
            AT.put(getClass().getSimpleName() + " test", System.nanoTime());
            long end = System.nanoTime() + WORK.toNanos();
            Waits.deployAndAwait(
                    cluster, MarathonApp.command("/work", "sleep 3600").withInstances(2));
            while (System.nanoTime() < end) {
                Waits.restartAndAwait(cluster, "/work");
            }
        }
    }

    @Order(1)
    static class One extends Worker {}

    @Order(2)
    static class Two extends Worker {}

    @Order(3)
    static class Three extends Worker {}

    @Order(4)
    static class Four extends Worker {}

    /**
     * Two classes asking for the same topology, first then second: how long the second waits, from its start to its
     * first test, for the shared cluster, and the reset between the first class's two tests.
     */
    static SharedCluster sharedCluster() {
        String failures = run(Map.of(), First.class, Second.class);
        if (!failures.isEmpty() || !AT.containsKey("Second test")) {
            return new SharedCluster(null, null, failures);
        }
        return new SharedCluster(
                (AT.get("Second test") - AT.get("Second")) / 1e6,
                (AT.get("secondTestStarted") - AT.get("firstTestEnded")) / 1e6,
                null);
    }

    /**
     * Four {@code shared = false} classes on 3 agents with {@code mesos.harness.pool-ahead} = {@code ahead}: each
     * class's wait for its cluster (from its start to its first test) and the suite end to end.
     */
    static OwnClusterSuite ownClusterSuite(int ahead) {
        long start = System.nanoTime();
        String failures = run(
                Map.of(
                        "junit.jupiter.testclass.order.default", ClassOrderer.OrderAnnotation.class.getName(),
                        "mesos.harness.pool-ahead", Integer.toString(ahead)),
                One.class,
                Two.class,
                Three.class,
                Four.class);
        long suiteMs = Math.round((System.nanoTime() - start) / 1e6);
        List<String> names = List.of("One", "Two", "Three", "Four");
        if (!failures.isEmpty() || !names.stream().allMatch(name -> AT.containsKey(name + " test"))) {
            return new OwnClusterSuite(ahead, null, null, null, failures);
        }
        List<Double> waits = names.stream()
                .map(name -> Math.round((AT.get(name + " test") - AT.get(name)) / 1e5) / 10.0)
                .toList();
        double medianAfterAnother =
                waits.subList(1, 4).stream().sorted().toList().get(1);
        return new OwnClusterSuite(ahead, waits, medianAfterAnother, suiteMs, null);
    }

    /** Runs the classes in a fresh launcher; their failures, empty when none. */
    private static String run(Map<String, String> parameters, Class<?>... classes) {
        AT.clear();
        StringBuilder failures = new StringBuilder();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(
                        Stream.of(classes).map(DiscoverySelectors::selectClass).toList())
                .configurationParameters(parameters)
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.getSource().orElse(null) instanceof ClassSource source) {
                    AT.put(source.getJavaClass().getSimpleName(), System.nanoTime());
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                result.getThrowable()
                        .ifPresent(e -> failures.append(id.getDisplayName() + ": " + e.getMessage() + "; "));
            }
        });
        return failures.toString();
    }
}
