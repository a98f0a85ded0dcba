package io.mesosharness.junit;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the {@link ClusterPool} which classes of a run want a cluster of their own, in the order JUnit's test plan
 * will run them, and when the run ends. A {@link TestExecutionListener} registered through {@code META-INF/services},
 * so every build tool's run has it; {@link Setting#POOL_AHEAD} {@code = 0} turns the pool off.
 */
public final class ClusterPoolListener implements TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    /** For {@code ServiceLoader}. */
    public ClusterPoolListener() {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            Function<String, Optional<String>> parameters = testPlan.getConfigurationParameters()::get;
            HarnessConfiguration config = MesosClusterExtension.configuration(parameters);
            int ahead = config.getInt(Setting.POOL_AHEAD, 0);
            if (ahead == 0 || config.externalCluster().isPresent()) {
                return;
            }
            ClusterPool.runStarted(
                    testPlan,
                    planned(testPlan, config, ClusterFactory.named(parameters.apply(ClusterFactory.PARAMETER))),
                    ahead);
        } catch (RuntimeException e) {
            // a bad setting is reported by the class that reads it; the pool just stays off
            LOG.debug("mesos-harness: no cluster pool for this run: {}", e.toString());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ClusterPool.runFinished(testPlan);
    }

    /** The classes with a class-own local cluster in the plan, in the order they will run. */
    private static List<ClusterPool.Planned> planned(
            TestPlan testPlan, HarnessConfiguration config, ClusterFactory factory) {
        List<ClusterPool.Planned> out = new ArrayList<>();
        List<Class<?>> seen = new ArrayList<>();
        for (TestIdentifier root : testPlan.getRoots()) {
            collect(testPlan, root, config, factory, out, seen);
        }
        return List.copyOf(out);
    }

    private static void collect(
            TestPlan testPlan,
            TestIdentifier id,
            HarnessConfiguration config,
            ClusterFactory factory,
            List<ClusterPool.Planned> out,
            List<Class<?>> seen) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof ClassSource cs) {
            try {
                Optional<ClusterRequest> request = ClusterRequest.find(cs.getJavaClass());
                if (request.isPresent()
                        && !request.get().shared()
                        && !seen.contains(request.get().owner())) {
                    seen.add(request.get().owner());
                    out.add(new ClusterPool.Planned(
                            request.get().owner(), request.get().topology(), factory, config));
                }
            } catch (RuntimeException | LinkageError e) {
                // a class the pool cannot read reports its problem itself when it runs
            }
        }
        for (TestIdentifier child : testPlan.getChildren(id)) {
            collect(testPlan, child, config, factory, out, seen);
        }
    }
}
