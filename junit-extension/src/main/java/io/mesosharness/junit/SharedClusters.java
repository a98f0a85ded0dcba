package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.topology.Topology;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters of one JVM: shared clusters keyed by what they were made from (topology or external URLs, and the
 * factory), started once under a per-key lock so that distinct topologies start in parallel, and counted per
 * topology. Every test run (root {@link ExtensionContext}) that uses a shared cluster holds a reference to it in its
 * root store; when the last run holding it ends, the cluster is closed. A test run started from inside a test (e.g.
 * with EngineTestKit) therefore reuses the outer run's cluster without stopping it.
 *
 * <p>At most {@link Setting#MAX_SHARED_CLUSTERS} shared clusters run at a time: before another one starts, the least
 * recently used cluster that no class is using right now is stopped (a class asking for it later starts it again).
 */
final class SharedClusters {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final Map<Object, Entry> SHARED = new ConcurrentHashMap<>();
    private static final Map<Topology, Integer> STARTS = new ConcurrentHashMap<>();
    private static final AtomicLong CLOCK = new AtomicLong();
    private static final String MAX_SHARED = Setting.MAX_SHARED_CLUSTERS.property();

    private SharedClusters() {}

    /**
     * A cluster a class holds; shared ones belong to an {@link Entry}. {@code retainedAfter}: the test after whose
     * failure the cluster was kept (retainOnFailure), or null.
     */
    record Held(MesosClusterHandle handle, Entry entry, AtomicReference<String> retainedAfter) {
        Held(MesosClusterHandle handle, Entry entry) {
            this(handle, entry, new AtomicReference<>());
        }

        boolean shared() {
            return entry != null;
        }

        boolean retained() {
            return retainedAfter.get() != null;
        }

        /** After a retain: later classes asking for the same cluster get a new one. */
        void evict() {
            if (entry != null) {
                SHARED.remove(entry.key, entry);
            }
        }
    }

    /** How many times a local cluster of this topology was started in this JVM (through the extension). */
    static int startsOf(Topology topology) {
        return STARTS.getOrDefault(topology, 0);
    }

    static void countStart(Topology topology) {
        STARTS.merge(topology, 1, Integer::sum);
    }

    /**
     * The shared cluster for this key, started by {@code start} if no run holds one (after stopping least recently
     * used idle clusters so that at most {@code maxLive} run); held until the run ends. The class that got it calls
     * {@link Entry#classDone()} when it ends; {@code start} runs only if this class starts the cluster.
     */
    static Held acquire(Object key, ExtensionContext anyContext, int maxLive, Supplier<MesosClusterHandle> start) {
        RunLease lease = anyContext
                .getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedClusters.class))
                .getOrComputeIfAbsent(RunLease.class.getName(), k -> new RunLease(), RunLease.class);
        while (true) {
            Entry entry = SHARED.computeIfAbsent(key, Entry::new);
            if (entry.needsStart()) {
                makeRoom(entry, maxLive);
            }
            Held held = entry.acquire(lease, start);
            if (held != null) {
                return held;
            }
            SHARED.remove(key, entry);
        }
    }

    /** Stops least recently used idle shared clusters until fewer than {@code maxLive} run besides {@code next}. */
    private static synchronized void makeRoom(Entry next, int maxLive) {
        while (true) {
            List<Entry> live = SHARED.values().stream()
                    .filter(e -> e != next && e.isLive())
                    .toList();
            if (live.size() < maxLive) {
                return;
            }
            Optional<Entry> idle =
                    live.stream().filter(e -> e.classes == 0).min(Comparator.comparingLong(e -> e.lastUsed));
            if (idle.isEmpty()) {
                LOG.warn(
                        "mesos-harness: {} shared clusters are in use, more than {} = {}; starting {} anyway",
                        live.size(),
                        MAX_SHARED,
                        maxLive,
                        next.key);
                return;
            }
            idle.get().stop("to stay within " + MAX_SHARED + " = " + maxLive + " before starting " + next.key);
        }
    }

    /** How many local shared clusters run now (started, not stopped, not retained; external ones cost nothing here). */
    static int live() {
        return (int) SHARED.values().stream().filter(Entry::isLive).count();
    }

    /** One shared cluster, the runs holding it and the classes using it now. */
    static final class Entry {
        final Object key;
        private volatile Held held;
        private RuntimeException failure;
        private int runs;
        private volatile boolean dead;
        private volatile int classes;
        private volatile long lastUsed = CLOCK.incrementAndGet();

        Entry(Object key) {
            this.key = key;
        }

        /** Null when this entry was closed meanwhile (the caller makes a new one). */
        synchronized Held acquire(RunLease lease, Supplier<MesosClusterHandle> start) {
            if (dead) {
                return null;
            }
            if (lease.entries.add(this)) {
                runs++;
            }
            classes++;
            lastUsed = CLOCK.incrementAndGet();
            if (held != null) {
                return held;
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "The shared cluster " + key + " failed to start for an earlier class: " + failure.getMessage(),
                        failure);
            }
            try {
                held = new Held(start.get(), this);
                return held;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        boolean needsStart() {
            return !dead && held == null && failure == null;
        }

        /** Read without the lock: an entry starting its cluster holds it for the whole start. */
        boolean isLive() {
            return !dead && held != null && !held.retained() && !held.handle.isExternal();
        }

        /** A class that got this cluster has ended. */
        synchronized void classDone() {
            classes = Math.max(0, classes - 1);
            lastUsed = CLOCK.incrementAndGet();
        }

        /** Stops the cluster if no class uses it now; a later class asking for its key starts a new one. */
        synchronized void stop(String why) {
            if (classes == 0 && !dead) {
                LOG.info("mesos-harness: stopping the shared cluster {} {}", key, why);
                end();
            }
        }

        synchronized void release() {
            if (--runs <= 0) {
                end();
            }
        }

        private void end() {
            if (dead) {
                return;
            }
            dead = true;
            SHARED.remove(key, this);
            if (held != null && !held.retained()) {
                try {
                    held.handle.close();
                } catch (RuntimeException e) {
                    LOG.warn(
                            "mesos-harness: closing the shared cluster {} failed: {}",
                            held.handle.name(),
                            e.toString());
                }
            }
        }
    }

    /** The shared clusters one test run holds; released when the run's root context closes. */
    @SuppressWarnings("deprecation")
    static final class RunLease implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final Set<Entry> entries = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                entries.forEach(Entry::release);
            }
        }
    }
}
