package io.mesosharness.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
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

    private static final AtomicLong FIRST_TEST_ENDED = new AtomicLong();
    private static final AtomicLong FIRST_CLASS_SECOND_TEST_STARTED = new AtomicLong();
    private static final AtomicLong SECOND_TEST_STARTED = new AtomicLong();

    private SharedHandoff() {}

    @MesosCluster(name = "bench-shared", agents = @Agent(name = "a1", attributes = "rack:a"))
    static class First {
        @Test
        void one(MesosClusterHandle cluster) {
            cluster.marathon().apps();
            FIRST_TEST_ENDED.set(System.nanoTime());
        }

        @Test
        void two(MesosClusterHandle cluster) {
            FIRST_CLASS_SECOND_TEST_STARTED.set(System.nanoTime());
        }
    }

    @MesosCluster(name = "bench-shared", agents = @Agent(name = "a1", attributes = "rack:a"))
    static class Second {
        @Test
        void only(MesosClusterHandle cluster) {
            SECOND_TEST_STARTED.set(System.nanoTime());
        }
    }

    /** Runs both classes (first then second) and returns the figures in milliseconds. */
    static Map<String, Object> measure() {
        AtomicLong secondClassStarted = new AtomicLong();
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
                                    secondClassStarted.set(System.nanoTime());
                                }
                            }

                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                    failures.append(id.getDisplayName() + ": "
                                            + result.getThrowable()
                                                    .map(Throwable::getMessage)
                                                    .orElse("?") + "; ");
                                }
                            }
                        });
        if (failures.length() > 0 || SECOND_TEST_STARTED.get() == 0) {
            return Bench.json("failed", failures.toString());
        }
        return Bench.json(
                "secondClassGetsSharedClusterMs", (SECOND_TEST_STARTED.get() - secondClassStarted.get()) / 1e6,
                "resetBetweenTestsMs", (FIRST_CLASS_SECOND_TEST_STARTED.get() - FIRST_TEST_ENDED.get()) / 1e6);
    }
}
