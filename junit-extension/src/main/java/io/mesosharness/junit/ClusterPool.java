package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
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
    record Planned(Class<?> owner, Topology topology, ClusterFactory factory, HarnessConfiguration config) {}

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
    private static final Map<Object, Run> RUNS = new java.util.IdentityHashMap<>();

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
        List<Started> left;
        synchronized (LOCK) {
            Run run = RUNS.remove(runKey);
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
        if (p.factory().unavailable(p.config()).isPresent()) {
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
            Class<?> owner, Topology topology, List<String> images, ClusterFactory factory) {
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
        if (!p.topology().equals(topology) || !ClassState.images(p.config()).equals(images) || p.factory() != factory) {
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
