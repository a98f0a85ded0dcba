package io.mesosharness.bench;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.StartTimings;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The benchmark's real runs: {@link FloorCluster} for the floor, {@link LocalCluster} for the harness. */
final class LiveRuns implements ClusterBench.Runner {

    private final HarnessConfiguration config;
    private final PrintStream err;
    private final ContainerMemory memory = new ContainerMemory();

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
        Map<String, Object> figures = new LinkedHashMap<>();
        LocalCluster cluster = LocalCluster.start(topology(agents), withVariant, err::println);
        String id = cluster.id();
        StartTimings t = cluster.startTimings();
        long teardownMs;
        try {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("zookeeperMs", t.zookeeperReady().toMillis());
            start.put("mastersMs", t.mastersReady().toMillis());
            start.put("agentsRegisteredMs", t.agentsRegistered().toMillis());
            start.put("marathonReadyMs", t.marathonReady().toMillis());
            start.put("totalMs", t.total().toMillis());
            figures.put("coldStart", start);
            // what the launcher did with the archive: a variant "with" it that did not use it would measure nothing
            figures.put("classDataArchive", cluster.marathonClassDataArchive().orElse("off"));
            if (full) {
                figures.put("memoryMiB", memory.byComponent(id));
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
            figures.put("leftovers", new DockerJanitor().count(id));
        }
        return new ClusterBench.HarnessRun(
                t.total().toMillis(), t.marathonReady().toMillis(), teardownMs, figures);
    }

    /**
     * The same 2-instance app deployed twice, timed from the create call until it runs: once through the library's
     * wait ({@link Waits#deployAndAwait}), once by plain polling of Marathon's API every 100 ms (the floor). The
     * library's figure should be at most the floor plus 100 ms.
     */
    private static Map<String, Object> deployToRunning(MesosClusterHandle cluster) {
        Map<String, Object> figures = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Waits.deployAndAwait(
                cluster,
                MarathonApp.command("/bench-wait", "sleep 3600")
                        .withInstances(2)
                        .withCpus(0.1)
                        .withMem(32),
                Duration.ofSeconds(120));
        figures.put("libraryWaitMs", millis(t0));
        MarathonClient marathon = cluster.marathon();
        long t1 = System.nanoTime();
        marathon.create(MarathonApp.command("/bench-polling", "sleep 3600")
                .withInstances(2)
                .withCpus(0.1)
                .withMem(32));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean running = false;
        while (!running && System.nanoTime() < deadline) {
            var app = marathon.app("/bench-polling");
            running = app.tasksRunning() == 2 && app.deployments().isEmpty();
            if (!running) {
                try {
                    Thread.sleep(100); // the plain polling this figure stands for
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        figures.put("pollingEvery100msMs", running ? millis(t1) : null);
        return figures;
    }

    static Topology topology(int agents) {
        Topology.Builder builder = Topology.builder().name("bench-" + agents);
        int perRack = (agents + 1) / 2;
        builder.agent(AgentGroup.named("a").count(perRack).attributes("rack:a"));
        if (agents - perRack > 0) {
            builder.agent(AgentGroup.named("b").count(agents - perRack).attributes("rack:b"));
        }
        return builder.build();
    }

    static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
