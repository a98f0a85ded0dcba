package io.mesosharness.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.MarathonApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * For the benchmark: a suite of four {@code shared = false} classes on a 3-agent topology, each doing at least
 * {@link #WORK} of real work (deploy, then restart an app until the time is up), run through the JUnit Platform with
 * the real extension, with the pool of clusters started ahead on and off. Measures each class's wait for its cluster
 * (from the class's start to its first test) and the suite's time end to end.
 */
final class PoolSuite {

    static final Duration WORK = Duration.ofSeconds(10);
    private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();
    private static final Map<String, Long> FIRST_TEST = new ConcurrentHashMap<>();

    private PoolSuite() {}

    abstract static class Worker {
        @Test
        void work(MesosClusterHandle cluster) {
            FIRST_TEST.putIfAbsent(getClass().getSimpleName(), System.nanoTime());
            long end = System.nanoTime() + WORK.toNanos();
            Waits.deployAndAwait(
                    cluster, MarathonApp.command("/work", "sleep 3600").withInstances(2));
            while (System.nanoTime() < end) {
                Waits.restartAndAwait(cluster, "/work");
            }
        }
    }

    @MesosCluster(name = "bench-pool", shared = false, agents = @Agent(name = "a", count = 3))
    @Order(1)
    static class One extends Worker {}

    @MesosCluster(name = "bench-pool", shared = false, agents = @Agent(name = "a", count = 3))
    @Order(2)
    static class Two extends Worker {}

    @MesosCluster(name = "bench-pool", shared = false, agents = @Agent(name = "a", count = 3))
    @Order(3)
    static class Three extends Worker {}

    @MesosCluster(name = "bench-pool", shared = false, agents = @Agent(name = "a", count = 3))
    @Order(4)
    static class Four extends Worker {}

    /** Runs the suite with {@code mesos.harness.pool-ahead} = {@code ahead}; the figures in milliseconds. */
    static Map<String, Object> measure(int ahead) {
        STARTED.clear();
        FIRST_TEST.clear();
        StringBuilder failures = new StringBuilder();
        long start = System.nanoTime();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(
                                        selectClass(One.class),
                                        selectClass(Two.class),
                                        selectClass(Three.class),
                                        selectClass(Four.class))
                                .configurationParameter(
                                        "junit.jupiter.testclass.order.default",
                                        ClassOrderer.OrderAnnotation.class.getName())
                                .configurationParameter("mesos.harness.pool-ahead", Integer.toString(ahead))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionStarted(TestIdentifier id) {
                                Optional.ofNullable(id.getSource().orElse(null))
                                        .filter(ClassSource.class::isInstance)
                                        .map(s ->
                                                ((ClassSource) s).getJavaClass().getSimpleName())
                                        .ifPresent(name -> STARTED.put(name, System.nanoTime()));
                            }

                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                result.getThrowable()
                                        .ifPresent(e ->
                                                failures.append(id.getDisplayName() + ": " + e.getMessage() + "; "));
                            }
                        });
        double total = (System.nanoTime() - start) / 1e6;
        if (failures.length() > 0 || FIRST_TEST.size() < 4) {
            return Bench.json("failed", failures.toString());
        }
        List<Double> waits = new ArrayList<>();
        for (String name : List.of("One", "Two", "Three", "Four")) {
            waits.add(Math.round((FIRST_TEST.get(name) - STARTED.get(name)) / 1e5) / 10.0);
        }
        List<Double> afterAnother = waits.subList(1, 4).stream().sorted().toList();
        return Bench.json(
                "poolAhead",
                ahead,
                "classWaitsMs",
                waits,
                "medianWaitAfterAClassOfTenSecondsMs",
                afterAnother.get(1),
                "suiteMs",
                Math.round(total));
    }
}
