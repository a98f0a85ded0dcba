package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clusters started ahead for the classes of a run that want one of their own ({@code shared = false}). When the run
 * starts, JUnit's test plan names those classes in the order they will run; the pool starts the cluster of the first,
 * and each time a class takes its cluster, starts the next one's while that class runs: at most
 * {@code mesos.harness.pool-ahead} clusters are started and not yet taken (0 turns the pool off). A class finds its
 * cluster ready, or waits only for the rest of its start; a start that failed is thrown to the class that needed it,
 * as its own start would have. What no class took is closed when the run ends. A class gets a cluster only if the
 * pool started it for that class with the same topology, images and factory; anything else starts as before.
 *
 * <p>{@link ClusterPoolListener} tells it when a run starts and ends. This class uses no JUnit Platform type, so the
 * extension loads without the launcher.
 */
final class ClusterPool {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");

    /** What one class will ask for, worked out from the test plan as the class's own state will. */
    record Planned(Class<?> owner, ClassState.LocalKey key, HarnessConfiguration config) {}

    /** One test run's classes in order, how far ahead, the next not started, the clusters started by class. */
    private static final class Run {
        final List<Planned> plan;
        final int ahead;
        int next;
        final Map<Class<?>, CompletableFuture<MesosClusterHandle>> started = new LinkedHashMap<>();

        Run(List<Planned> plan, int ahead) {
            this.plan = plan;
            this.ahead = ahead;
        }

        int indexOf(Class<?> owner) {
            return plan.stream().map(Planned::owner).toList().indexOf(owner);
        }
    }

    private static final Object LOCK = new Object();
    /** The runs of this JVM by test plan (a run may start another inside it, e.g. the extension's own tests). */
    private static final Map<Object, Run> RUNS = new IdentityHashMap<>();

    private static final Executor STARTER = task -> {
        Thread t = new Thread(task, "mesos-harness-pool");
        t.setDaemon(true);
        t.start();
    };

    private ClusterPool() {}

    /** A run begins: its classes with a class-own cluster, in order; starts the first ones' clusters. */
    static void runStarted(Object runKey, List<Planned> classes, int ahead) {
        if (classes.isEmpty() || ahead <= 0) {
            return;
        }
        synchronized (LOCK) {
            if (RUNS.containsKey(runKey)) {
                return; // the listener registered twice (service file and by hand): one pool per run
            }
            Run run = new Run(classes, ahead);
            RUNS.put(runKey, run);
            startAhead(run);
        }
    }

    /** The run has ended: closes what the pool started and no class took (waiting for starts still running). */
    static void runFinished(Object runKey) {
        Map<Class<?>, CompletableFuture<MesosClusterHandle>> left;
        synchronized (LOCK) {
            Run run = RUNS.remove(runKey);
            if (run == null) {
                return;
            }
            left = run.started; // no one else reaches the run once it is out of RUNS
        }
        left.forEach((owner, started) -> {
            try {
                MesosClusterHandle cluster = started.get();
                if (cluster != null) {
                    LOG.info(
                            "mesos-harness: closing the cluster started ahead for {}, which did not take it",
                            owner.getName());
                    cluster.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                // its start failed: nothing to close
            }
        });
    }

    /** Starts the run's next planned clusters until {@code ahead} are started and not taken. Holds {@link #LOCK}. */
    private static void startAhead(Run run) {
        while (run.started.size() < run.ahead && run.next < run.plan.size()) {
            Planned p = run.plan.get(run.next++);
            LOG.info(
                    "mesos-harness: starting the cluster of {} ahead, while earlier classes run",
                    p.owner().getSimpleName());
            run.started.put(p.owner(), CompletableFuture.supplyAsync(() -> start(p), STARTER));
        }
    }

    /** The cluster, or null when Docker or the images are missing (the class then skips as without the pool). */
    private static MesosClusterHandle start(Planned p) {
        ClusterFactory factory = p.key().factory();
        if (factory.unavailable(p.config()).isPresent()) {
            return null;
        }
        SharedClusters.countStart(p.key().topology());
        return factory.start(p.key().topology(), p.config(), line -> LOG.info(line + " (started ahead)"));
    }

    /**
     * The cluster the pool started for this class, waiting for the rest of its start; empty if the pool has none for
     * it (or one for another topology, images or factory: that one is closed). The class calls {@link #ready} once it
     * has its cluster, however it got it.
     *
     * @throws RuntimeException the pre-start's own failure
     */
    static Optional<MesosClusterHandle> take(Class<?> owner, ClassState.LocalKey key) {
        Planned planned = null;
        CompletableFuture<MesosClusterHandle> started = null;
        synchronized (LOCK) {
            for (Run run : RUNS.values()) {
                int at = run.indexOf(owner);
                if (at >= 0) {
                    planned = run.plan.get(at);
                    started = run.started.remove(owner);
                    break;
                }
            }
        }
        if (started == null) {
            return Optional.empty();
        }
        MesosClusterHandle cluster;
        try {
            cluster = started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (cluster != null && !planned.key().equals(key)) {
            cluster.close();
            return Optional.empty();
        }
        return Optional.ofNullable(cluster);
    }

    /**
     * The class has its cluster (or gave up on it): the pool starts the next classes' clusters, after this class, now
     * that no start of this class's competes with them for the CPU.
     */
    static void ready(Class<?> owner) {
        synchronized (LOCK) {
            for (Run run : RUNS.values()) {
                int at = run.indexOf(owner);
                if (at >= 0) {
                    run.next = Math.max(run.next, at + 1);
                    startAhead(run);
                    return;
                }
            }
        }
    }
}
