package io.mesosharness.junit;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.topology.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link ClusterFactory} that starts {@link FakeCluster}s and records what the extension asked for; plugged in by
 * {@link Kit} through the configuration parameter. State is static (the extension instantiates the class) and reset by
 * {@link #reset()} before each test.
 */
final class FakeClusterFactory implements ClusterFactory {

    static volatile String dockerReason;
    static volatile String imagesReason;
    static volatile RuntimeException startFailure;
    static volatile Duration startDelay = Duration.ZERO;
    /** When set, each start counts down and then waits (up to 10 s) until it is open: starts that meet overlapped. */
    static volatile CountDownLatch meet;
    /** The Marathon URL of the clusters started next (a {@link io.mesosharness.testing.FakeServer#inMemoryMarathon()}), or null: nothing behind them. */
    static volatile String marathonUrl;

    static final List<FakeCluster> STARTED = new CopyOnWriteArrayList<>();
    /** The thread each start ran on, in order. */
    static final List<String> START_THREADS = new CopyOnWriteArrayList<>();
    /** The Marathon image each started cluster was asked for, by cluster id. */
    static final java.util.Map<String, String> MARATHON_IMAGES = new java.util.concurrent.ConcurrentHashMap<>();

    static final List<HarnessConfiguration.ExternalUrls> CONNECTED = new CopyOnWriteArrayList<>();
    static final List<MesosClusterHandle> RETAINED = new CopyOnWriteArrayList<>();
    static final AtomicInteger AVAILABILITY_CHECKS = new AtomicInteger();
    static final AtomicInteger RUNNING_STARTS = new AtomicInteger();
    static final AtomicInteger MOST_PARALLEL_STARTS = new AtomicInteger();

    static void reset() {
        dockerReason = null;
        imagesReason = null;
        startFailure = null;
        startDelay = Duration.ZERO;
        meet = null;
        marathonUrl = null;
        STARTED.clear();
        START_THREADS.clear();
        MARATHON_IMAGES.clear();
        CONNECTED.clear();
        RETAINED.clear();
        AVAILABILITY_CHECKS.set(0);
        RUNNING_STARTS.set(0);
        MOST_PARALLEL_STARTS.set(0);
    }

    static List<FakeCluster> startedFor(Topology topology) {
        return STARTED.stream().filter(c -> c.topology().equals(topology)).toList();
    }

    @Override
    public Optional<String> unavailable(HarnessConfiguration config) {
        AVAILABILITY_CHECKS.incrementAndGet();
        return Optional.ofNullable(dockerReason != null ? dockerReason : imagesReason);
    }

    @Override
    public MesosClusterHandle start(Topology topology, HarnessConfiguration config, Consumer<String> progress) {
        START_THREADS.add(Thread.currentThread().getName());
        int running = RUNNING_STARTS.incrementAndGet();
        MOST_PARALLEL_STARTS.accumulateAndGet(running, Math::max);
        try {
            if (!startDelay.isZero()) {
                Thread.sleep(startDelay.toMillis());
            }
            CountDownLatch latch = meet;
            if (latch != null) {
                latch.countDown();
                latch.await(10, TimeUnit.SECONDS);
            }
            if (startFailure != null) {
                throw startFailure;
            }
            FakeCluster cluster = new FakeCluster(
                    topology,
                    false,
                    "http://mesos.fake:5050",
                    marathonUrl != null ? marathonUrl : "http://marathon.fake:8080");
            MARATHON_IMAGES.put(cluster.id(), config.marathonImage().asCanonicalNameString());
            STARTED.add(cluster);
            progress.accept("mesos-harness " + topology.name() + ": ready (fake)");
            return cluster;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            RUNNING_STARTS.decrementAndGet();
        }
    }

    @Override
    public MesosClusterHandle connect(HarnessConfiguration.ExternalUrls urls) {
        CONNECTED.add(urls);
        return new FakeCluster(Topology.defaultTopology(), true, urls.mesosUrl(), urls.marathonUrl());
    }

    @Override
    public String retain(MesosClusterHandle cluster) {
        RETAINED.add(cluster);
        return "Cluster " + cluster.name() + " is kept running for inspection (fake)";
    }
}
