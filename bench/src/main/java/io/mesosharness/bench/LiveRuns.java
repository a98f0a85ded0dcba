package io.mesosharness.bench;

import static io.mesosharness.bench.Bench.json;
import static io.mesosharness.bench.Bench.round;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.StartTimings;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.DockerClientFactory;

/**
 * The benchmark's real runs: {@link FloorCluster} for the floor, {@link LocalCluster} for the harness; and the memory
 * of containers as Docker's stats report it.
 */
final class LiveRuns implements ClusterBench.Runner {

    private final HarnessConfiguration config;
    private final PrintStream err;

    LiveRuns(HarnessConfiguration config, PrintStream err) {
        this.config = config;
        this.err = err;
    }

    @Override
    public ClusterBench.FloorRun floor(int agents) {
        return new FloorCluster(config, "bench-" + agents).measure(agents, Duration.ofMinutes(5));
    }

    /** One harness start with its phases and teardown; with {@code full} also memory, deploy-to-running and reset. */
    @Override
    public ClusterBench.HarnessRun harness(ClusterBench.Variant variant, int agents, boolean full) {
        HarnessConfiguration withVariant = config.withOverrides(
                Map.of(
                        Setting.MARATHON_JAVA_OPTS.property(), variant.javaOpts(),
                        Setting.MARATHON_CLASS_DATA_ARCHIVE.property(), String.valueOf(variant.classDataArchive())),
                "bench variant " + variant);
        LocalCluster cluster = LocalCluster.start(topology(agents), withVariant, err::println);
        StartTimings t = cluster.startTimings();
        Map<String, Object> figures = json(
                "coldStart",
                json(
                        "zookeeperMs", t.zookeeperReady().toMillis(),
                        "mastersMs", t.mastersReady().toMillis(),
                        "agentsRegisteredMs", t.agentsRegistered().toMillis(),
                        "marathonReadyMs", t.marathonReady().toMillis(),
                        "totalMs", t.total().toMillis()),
                // what the launcher did with the archive: a variant "with" it that did not use it would measure nothing
                "classDataArchive",
                cluster.marathonClassDataArchive().orElse("off"));
        long teardownMs;
        try {
            if (full) {
                figures.put("memoryMiB", memoryMiB(cluster.id()));
                if (agents <= 10) {
                    figures.put("deployToRunning", deployToRunning(cluster));
                    long r = System.nanoTime();
                    cluster.reset();
                    figures.put("resetMs", millis(r));
                }
            }
        } finally {
            long c = System.nanoTime();
            cluster.close();
            teardownMs = millis(c);
            figures.put("teardownMs", teardownMs);
            figures.put("leftovers", new DockerJanitor().count(cluster.id()));
        }
        return new ClusterBench.HarnessRun(
                t.total().toMillis(), t.marathonReady().toMillis(), teardownMs, figures);
    }

    /**
     * The same 2-instance app deployed twice, timed from the create call until it runs: once through the library's
     * wait ({@link Waits#deployAndAwait}), once by plain polling of Marathon's API every 100 ms (the floor). The
     * library's figure should be at most the floor plus 100 ms.
     */
    private static Map<String, Object> deployToRunning(LocalCluster cluster) {
        long t0 = System.nanoTime();
        Waits.deployAndAwait(cluster, app("/bench-wait"), Duration.ofSeconds(120));
        long libraryWaitMs = millis(t0);
        MarathonClient marathon = cluster.marathon();
        long t1 = System.nanoTime();
        marathon.create(app("/bench-polling"));
        boolean running = false;
        while (!running && millis(t1) < 120_000) {
            var app = marathon.app("/bench-polling");
            running = app.tasksRunning() == 2 && app.deployments().isEmpty();
            if (!running) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the plain polling this figure stands for
            }
        }
        return json("libraryWaitMs", libraryWaitMs, "pollingEvery100msMs", running ? millis(t1) : null);
    }

    private static MarathonApp app(String id) {
        return MarathonApp.command(id, "sleep 3600")
                .withInstances(2)
                .withCpus(0.1)
                .withMem(32);
    }

    static Topology topology(int agents) {
        int perRack = (agents + 1) / 2;
        Topology.Builder builder = Topology.builder()
                .name("bench-" + agents)
                .agent(AgentGroup.named("a").count(perRack).attributes("rack:a"));
        if (agents > perRack) {
            builder.agent(AgentGroup.named("b").count(agents - perRack).attributes("rack:b"));
        }
        return builder.build();
    }

    /**
     * Component ("agent", "marathon", …) of a cluster → the average memory of its containers in MiB (-1 where Docker
     * gives no figure); read 8 at a time (Docker takes about a second per container to answer, which at 100 agents
     * would otherwise be minutes).
     */
    static Map<String, Double> memoryMiB(String clusterId) {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                .exec();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Double>> readings = containers.stream()
                    .map(c -> CompletableFuture.supplyAsync(() -> mib(docker, c.getId()), pool))
                    .toList();
            return IntStream.range(0, containers.size())
                    .boxed()
                    .collect(Collectors.groupingBy(
                            i -> containers.get(i).getLabels().get(ClusterLabels.COMPONENT),
                            LinkedHashMap::new,
                            Collectors.collectingAndThen(
                                    Collectors.averagingDouble(
                                            i -> readings.get(i).join()),
                                    Bench::round)));
        } finally {
            pool.shutdownNow();
        }
    }

    private static double mib(DockerClient docker, String containerId) {
        AtomicReference<Statistics> last = new AtomicReference<>();
        try (var callback = docker.statsCmd(containerId).withNoStream(true).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics s) {
                last.set(s);
            }
        })) {
            callback.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        Statistics s = last.get();
        return s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null
                ? -1
                : round(s.getMemoryStats().getUsage() / (1024.0 * 1024.0));
    }

    static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
