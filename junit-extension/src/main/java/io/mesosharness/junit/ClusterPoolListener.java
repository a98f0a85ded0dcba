package io.mesosharness.junit;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
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
            Map<Class<?>, ClusterPool.Planned> planned = new LinkedHashMap<>();
            ClusterFactory factory = ClusterFactory.named(parameters.apply(ClusterFactory.PARAMETER));
            collect(testPlan, testPlan.getRoots(), config, factory, planned);
            ClusterPool.runStarted(testPlan, List.copyOf(planned.values()), ahead);
        } catch (RuntimeException e) {
            // a bad setting is reported by the class that reads it; the pool just stays off
            LOG.debug("mesos-harness: no cluster pool for this run: {}", e.toString());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ClusterPool.runFinished(testPlan);
    }

    /** Adds the classes with a class-own local cluster under {@code ids}, in the order they will run. */
    private static void collect(
            TestPlan testPlan,
            Collection<TestIdentifier> ids,
            HarnessConfiguration config,
            ClusterFactory factory,
            Map<Class<?>, ClusterPool.Planned> out) {
        for (TestIdentifier id : ids) {
            if (id.getSource().orElse(null) instanceof ClassSource source) {
                try {
                    ClusterRequest.find(source.getJavaClass())
                            .filter(request -> !request.shared())
                            .ifPresent(request -> out.computeIfAbsent(
                                    request.owner(),
                                    owner -> new ClusterPool.Planned(
                                            owner,
                                            ClassState.LocalKey.of(request.topology(), factory, config),
                                            config)));
                } catch (RuntimeException | LinkageError e) {
                    // a class the pool cannot read reports its problem itself when it runs
                }
            }
            collect(testPlan, testPlan.getChildren(id), config, factory, out);
        }
    }
}
