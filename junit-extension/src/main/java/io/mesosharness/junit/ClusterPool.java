package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters started ahead for the classes of a run that want one of their own ({@code shared = false}). When the run
 * starts, JUnit's test plan names those classes in the order they will run; the pool starts the cluster of the first,
 * and each time a class takes its cluster, starts the next one's while that class runs: at most
 * {@link Setting#POOL_AHEAD} clusters are started and not yet taken (0 turns the pool off). A class finds its
 * cluster ready, or waits only for the rest of its start; a start that failed is thrown to the class that needed it,
 * as its own start would have. What no class took is closed when the run ends. A class gets a cluster only if the
 * pool started it for that class with the same topology, images and factory; anything else starts as before.
 *
 * <p>Registered as a {@link TestExecutionListener} ({@code META-INF/services}): the listener sees the test plan.
 */
public final class ClusterPool implements TestExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    /** What one class will ask for, worked out from the test plan as the class's own state will. */
    record Planned(
            Class<?> owner, Topology topology, List<String> key, ClusterFactory factory, HarnessConfiguration config) {}

    private record Started(Planned planned, CompletableFuture<MesosClusterHandle> cluster) {}

    /** One test run's plan: its classes in order, how far ahead, the next not started, what is started. */
    private static final class Run {
        final List<Planned> plan;
        final int ahead;
        int next;
        final Map<Class<?>, Started> started = new LinkedHashMap<>();

        Run(List<Planned> plan, int ahead) {
            this.plan = plan;
            this.ahead = ahead;
        }
    }

    private static final Object LOCK = new Object();
    /** The runs of this JVM by test plan (a run may start another inside it, e.g. the extension's own tests). */
    private static final Map<TestPlan, Run> RUNS = new java.util.IdentityHashMap<>();

    private static final Executor STARTER = task -> {
        Thread t = new Thread(task, "mesos-harness-pool");
        t.setDaemon(true);
        t.start();
    };

    /** For {@code ServiceLoader}. */
    public ClusterPool() {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        try {
            Function<String, Optional<String>> parameters = testPlan.getConfigurationParameters()::get;
            HarnessConfiguration config = MesosClusterExtension.configuration(parameters);
            int ahead = config.getInt(Setting.POOL_AHEAD, 0);
            if (ahead == 0 || config.externalCluster().isPresent()) {
                return;
            }
            List<Planned> classes =
                    planned(testPlan, config, ClusterFactory.named(parameters.apply(ClusterFactory.PARAMETER)));
            if (classes.isEmpty()) {
                return;
            }
            synchronized (LOCK) {
                if (RUNS.containsKey(testPlan)) {
                    return; // registered twice (service file and by hand): one pool per run
                }
                Run run = new Run(classes, ahead);
                RUNS.put(testPlan, run);
                startAhead(run);
            }
        } catch (RuntimeException e) {
            // a bad setting is reported by the class that reads it; the pool just stays off
            LOG.debug("mesos-harness: no cluster pool for this run: {}", e.toString());
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<Started> left;
        synchronized (LOCK) {
            Run run = RUNS.remove(testPlan);
            if (run == null) {
                return;
            }
            left = new ArrayList<>(run.started.values());
            run.started.clear();
        }
        for (Started s : left) {
            try {
                MesosClusterHandle cluster = s.cluster().get();
                if (cluster != null) {
                    LOG.info(
                            "mesos-harness: closing the cluster started ahead for {}, which did not take it",
                            s.planned().owner().getName());
                    cluster.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                // its start failed: nothing to close
            }
        }
    }

    /** The classes with a class-own local cluster in the plan, in the order they will run. */
    private static List<Planned> planned(TestPlan testPlan, HarnessConfiguration config, ClusterFactory factory) {
        List<Planned> out = new ArrayList<>();
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
            List<Planned> out,
            List<Class<?>> seen) {
        Optional<TestSource> source = id.getSource();
        if (source.isPresent() && source.get() instanceof ClassSource cs) {
            try {
                Optional<ClusterRequest> request = ClusterRequest.find(cs.getJavaClass());
                if (request.isPresent()
                        && !request.get().shared()
                        && !seen.contains(request.get().owner())
                        && !ImageSetChoice.isMatrixClass(request.get().owner())) {
                    seen.add(request.get().owner());
                    out.add(new Planned(
                            request.get().owner(),
                            request.get().topology(),
                            ImageSetChoice.clusterKey(null, config),
                            factory,
                            config));
                }
            } catch (RuntimeException | LinkageError e) {
                // a class the pool cannot read reports its problem itself when it runs
            }
        }
        for (TestIdentifier child : testPlan.getChildren(id)) {
            collect(testPlan, child, config, factory, out, seen);
        }
    }

    /** Starts the run's next planned clusters until {@code ahead} are started and not taken. Holds {@link #LOCK}. */
    private static void startAhead(Run run) {
        while (run.started.size() < run.ahead && run.next < run.plan.size()) {
            Planned p = run.plan.get(run.next++);
            LOG.info(
                    "mesos-harness: starting the cluster of {} ahead, while earlier classes run",
                    p.owner().getSimpleName());
            run.started.put(p.owner(), new Started(p, CompletableFuture.supplyAsync(() -> start(p), STARTER)));
        }
    }

    /** The cluster, or null when Docker or the images are missing (the class then skips as without the pool). */
    private static MesosClusterHandle start(Planned p) {
        if (p.factory().dockerUnavailable().isPresent()
                || p.factory().imagesUnavailable(p.config()).isPresent()) {
            return null;
        }
        SharedClusters.countStart(p.topology());
        return p.factory().start(p.topology(), p.config(), line -> LOG.info(line + " (started ahead)"));
    }

    /**
     * The cluster the pool started for this class, waiting for the rest of its start; empty if the pool has none for
     * it (or one for another topology, images or factory: that one is closed). The class calls {@link #ready} once it
     * has its cluster, however it got it.
     *
     * @throws RuntimeException the pre-start's own failure
     */
    static Optional<MesosClusterHandle> take(
            Class<?> owner, Topology topology, List<String> key, ClusterFactory factory) {
        Started started = null;
        synchronized (LOCK) {
            for (Run run : RUNS.values()) {
                if (indexOf(run, owner) >= 0) {
                    started = run.started.remove(owner);
                    break;
                }
            }
        }
        if (started == null) {
            return Optional.empty();
        }
        Planned p = started.planned();
        MesosClusterHandle cluster;
        try {
            cluster = started.cluster().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (cluster == null) {
            return Optional.empty();
        }
        if (!p.topology().equals(topology) || !p.key().equals(key) || p.factory() != factory) {
            cluster.close();
            return Optional.empty();
        }
        return Optional.of(cluster);
    }

    /**
     * The class has its cluster (or gave up on it): the pool starts the next classes' clusters, after this class, now
     * that no start of this class's competes with them for the CPU.
     */
    static void ready(Class<?> owner) {
        synchronized (LOCK) {
            for (Run run : RUNS.values()) {
                int at = indexOf(run, owner);
                if (at >= 0) {
                    run.next = Math.max(run.next, at + 1);
                    startAhead(run);
                    return;
                }
            }
        }
    }

    private static int indexOf(Run run, Class<?> owner) {
        for (int i = 0; i < run.plan.size(); i++) {
            if (run.plan.get(i).owner() == owner) {
                return i;
            }
        }
        return -1;
    }
}
