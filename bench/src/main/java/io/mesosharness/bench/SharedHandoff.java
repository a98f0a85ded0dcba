package io.mesosharness.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * For the benchmark: two test classes that ask for the same topology, run through the JUnit Platform with the real
 * extension. Measures how long the second class waits, from its start to its first test, for the shared cluster –
 * and the reset between the two tests of the first class.
 */
final class SharedHandoff {

    /** When each step happened, in {@link System#nanoTime()}. */
    private static final Map<String, Long> AT = new ConcurrentHashMap<>();

    private SharedHandoff() {}

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
            AT.put("secondClassTestStarted", System.nanoTime());
        }
    }

    /** Runs both classes (first then second) and returns the figures in milliseconds. */
    static Map<String, Object> measure() {
        StringBuilder failures = new StringBuilder();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(First.class), selectClass(Second.class))
                                .build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionStarted(TestIdentifier id) {
                                if (id.getSource().equals(Optional.of(ClassSource.from(Second.class)))) {
                                    AT.put("secondClassStarted", System.nanoTime());
                                }
                            }

                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                result.getThrowable()
                                        .ifPresent(e ->
                                                failures.append(id.getDisplayName() + ": " + e.getMessage() + "; "));
                            }
                        });
        if (failures.length() > 0 || !AT.containsKey("secondClassTestStarted")) {
            return Bench.json("failed", failures.toString());
        }
        return Bench.json(
                "secondClassGetsSharedClusterMs",
                        (AT.get("secondClassTestStarted") - AT.get("secondClassStarted")) / 1e6,
                "resetBetweenTestsMs", (AT.get("secondTestStarted") - AT.get("firstTestEnded")) / 1e6);
    }
}
