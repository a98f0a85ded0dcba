package io.mesosharness.junit;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.topology.Topology;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
final class SharedClusters {

    private static final Logger LOG = LoggerFactory.getLogger("io.mesosharness");
    private static final Map<Object, Entry> SHARED = new ConcurrentHashMap<>();
    private static final Map<Topology, AtomicInteger> STARTS = new ConcurrentHashMap<>();

    private SharedClusters() {}

    /** A cluster a class holds; shared ones belong to an {@link Entry}. */
    static final class Held {
        final MesosClusterHandle handle;
        final Entry entry;
        /** The test after whose failure the cluster was kept (retainOnFailure), or null. */
        final AtomicReference<String> retainedAfter = new AtomicReference<>();

        Held(MesosClusterHandle handle, Entry entry) {
            this.handle = handle;
            this.entry = entry;
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
        AtomicInteger n = STARTS.get(topology);
        return n == null ? 0 : n.get();
    }

    static void countStart(Topology topology) {
        STARTS.computeIfAbsent(topology, t -> new AtomicInteger()).incrementAndGet();
    }

    /** A shared cluster as one class got it: {@code startedNow} is false if an earlier class had started it. */
    record Acquired(Held held, boolean startedNow) {}

    /** The shared cluster for this key, started by {@code start} if no run holds one; held until the run ends. */
    static Acquired acquire(Object key, ExtensionContext anyContext, Supplier<MesosClusterHandle> start) {
        RunLease lease = anyContext
                .getRoot()
                .getStore(ExtensionContext.Namespace.create(SharedClusters.class))
                .getOrComputeIfAbsent(RunLease.class.getName(), k -> new RunLease(), RunLease.class);
        while (true) {
            Entry entry = SHARED.computeIfAbsent(key, Entry::new);
            Acquired acquired = entry.acquire(lease, start);
            if (acquired != null) {
                return acquired;
            }
            SHARED.remove(key, entry);
        }
    }

    /** One shared cluster and the runs holding it. */
    static final class Entry {
        final Object key;
        private Held held;
        private RuntimeException failure;
        private int runs;
        private boolean dead;

        Entry(Object key) {
            this.key = key;
        }

        /** Null when this entry was closed meanwhile (the caller makes a new one). */
        synchronized Acquired acquire(RunLease lease, Supplier<MesosClusterHandle> start) {
            if (dead) {
                return null;
            }
            if (lease.entries.add(this)) {
                runs++;
            }
            if (held != null) {
                return new Acquired(held, false);
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "The shared cluster " + key + " failed to start for an earlier " + "class: "
                                + failure.getMessage(),
                        failure);
            }
            try {
                held = new Held(start.get(), this);
                return new Acquired(held, true);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }

        synchronized void release() {
            if (--runs > 0) {
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
        private final AtomicReference<Boolean> closed = new AtomicReference<>(false);

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                entries.forEach(Entry::release);
            }
        }
    }
}
