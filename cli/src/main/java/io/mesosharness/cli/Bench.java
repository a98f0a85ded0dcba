package io.mesosharness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Statistics;
import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.cluster.StartTimings;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.ImageSet;
import io.mesosharness.containers.ZooKeeperContainer;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * The benchmark: prints JSON figures, never asserts. For each agent count, interleaved {@code --repeat} times (3 by
 * default): the floor ({@link FloorCluster}: plain creation and start of the same images, all at once, until every
 * agent and Marathon's framework are registered) and the harness's cold start; medians, spread and the ratio of the
 * medians; from the last harness run the start split by phase, memory per container, reset, deploy-to-running
 * (event-driven next to plain polling), teardown and Docker objects left over.
 */
final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintStream out;
    private final PrintStream err;
    private final DockerClient docker = DockerClientFactory.lazyClient();

    Bench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(MesosHarnessCli.Options options) {
        HarnessConfiguration loaded = HarnessConfiguration.load();
        Optional<ImageSet> imageSet = options.value("--images").map(name -> ImageSet.named(loaded, name));
        HarnessConfiguration config = imageSet.map(set -> set.applyTo(loaded)).orElse(loaded);
        List<Integer> agentCounts = parseCounts(options.value("--agents").orElse("1,3,10,25,100"));
        int repeat = parseCounts(options.value("--repeat").orElse("3")).get(0);
        // candidates for Marathon's JAVA_OPTS, separated by '|': the first is the baseline the others are compared to
        List<String> javaOpts = List.of(options.value("--marathon-java-opts")
                .orElse(loaded.get(Setting.MARATHON_JAVA_OPTS))
                .split("\\|"));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine());
        imageSet.ifPresent(set -> report.put("imageSet", set.name()));
        report.put(
                "images",
                new LinkedHashMap<>(Map.of(
                        "zookeeper", config.zookeeperImage().asCanonicalNameString(),
                        "mesosMaster", config.mesosMasterImage().asCanonicalNameString(),
                        "mesosAgent", config.mesosAgentImage().asCanonicalNameString(),
                        "marathon", config.marathonImage().asCanonicalNameString())));
        report.put("zookeeperOnly", zookeeperOnly(config));
        Optional<String> missing = ImageAvailability.clusterImagesUnavailable(config);
        if (missing.isPresent()) {
            report.put("cluster", Map.of("skipped", missing.get()));
        } else {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int agents : agentCounts) {
                runs.add(clusterRun(config, agents, !options.flag("--skip-floor"), repeat, javaOpts));
            }
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("runs", runs);
            cluster.put("marginalPerAgent", marginal(runs));
            cluster.put("sharedCluster", SharedHandoff.measure());
            report.put("cluster", cluster);
        }
        report.put("leftoverDockerObjects", new DockerJanitor().count(null));
        String json;
        try {
            json = JSON.writeValueAsString(report);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.println(json);
        options.value("--out").ifPresent(file -> {
            try {
                Files.writeString(Path.of(file), json + "\n");
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
            }
        });
        return 0;
    }

    /** What runs without Mesos images: ZooKeeper through the harness's container class, its memory, its removal. */
    private Map<String, Object> zookeeperOnly(HarnessConfiguration config) {
        String id = ClusterLabels.newClusterId("bench-zk");
        Map<String, Object> figures = new LinkedHashMap<>();
        try {
            ZooKeeperContainer zk = new ZooKeeperContainer(config.zookeeperImage())
                    .withLabels(ClusterLabels.forComponent(id, "zookeeper"));
            long t0 = System.nanoTime();
            zk.start();
            figures.put("startToSessionMs", millis(t0));
            figures.put("memoryMiB", memoryMiB(zk.getContainerId()));
            long t1 = System.nanoTime();
            zk.stop();
            figures.put("removeMs", millis(t1));
        } finally {
            new DockerJanitor().removeCluster(id);
        }
        figures.put("leftovers", new DockerJanitor().count(id));
        return figures;
    }

    /**
     * One agent count: the floor ({@link FloorCluster}) and the harness's cold start, interleaved {@code repeat} times
     * (the machine's speed drifts within an hour), reported as medians with their spread and the ratio of the
     * medians; the other figures come from the last harness run.
     */
    private Map<String, Object> clusterRun(
            HarnessConfiguration config, int agents, boolean withFloor, int repeat, List<String> javaOpts) {
        Topology topology = topology(agents);
        Series floor = new Series();
        Map<String, Series> harness = new LinkedHashMap<>();
        Map<String, Series> marathon = new LinkedHashMap<>();
        Map<String, Object> last = null;
        for (int i = 1; i <= repeat; i++) {
            if (withFloor) {
                long floorMs = new FloorCluster(config, topology.name())
                        .measure(agents, Duration.ofMinutes(5))
                        .toMillis();
                floor.add(floorMs);
                err.println("bench: floor with " + agents + " agents, run " + i + ": " + floorMs + " ms");
            }
            for (int k = 0; k < javaOpts.size(); k++) { // candidates interleaved with each other and with the floor
                String opts = javaOpts.get(k);
                HarnessConfiguration withOpts = config.withOverrides(
                        Map.of(Setting.MARATHON_JAVA_OPTS.property(), opts), "bench --marathon-java-opts");
                Map<String, Object> one = harnessRun(withOpts, topology, agents, i == repeat && k == 0);
                @SuppressWarnings("unchecked")
                Map<String, Object> start = (Map<String, Object>) one.get("coldStart");
                harness.computeIfAbsent(opts, o -> new Series()).add(((Number) start.get("totalMs")).longValue());
                marathon.computeIfAbsent(opts, o -> new Series())
                        .add(((Number) start.get("marathonReadyMs")).longValue());
                if (k == 0) {
                    last = one;
                }
            }
        }
        Series main = harness.get(javaOpts.get(0));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("agents", agents);
        run.put("harnessColdStart", main.toJson());
        if (!floor.isEmpty()) {
            run.put("floor", floor.toJson());
            run.put("ratioOfMedians", round(main.median() / floor.median()));
            run.put(
                    "teardownRatioToFloorMedian",
                    round(((Number) last.get("teardownMs")).doubleValue() / floor.median()));
        }
        if (javaOpts.size() > 1) {
            List<Map<String, Object>> candidates = new ArrayList<>();
            for (String opts : javaOpts) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("javaOpts", opts);
                c.put("coldStart", harness.get(opts).toJson());
                c.put("marathonReady", marathon.get(opts).toJson());
                c.put("ratioToFirstCandidate", round(harness.get(opts).median() / main.median()));
                candidates.add(c);
            }
            run.put("marathonJavaOpts", candidates);
        }
        run.putAll(last);
        return run;
    }

    /** One harness start with its phases; with {@code full} also memory, deploy-to-running and reset. */
    private Map<String, Object> harnessRun(HarnessConfiguration config, Topology topology, int agents, boolean full) {
        Map<String, Object> run = new LinkedHashMap<>();
        LocalCluster cluster = LocalCluster.start(topology, config, err::println);
        String id = cluster.id();
        try {
            StartTimings t = cluster.startTimings();
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("zookeeperMs", t.zookeeperReady().toMillis());
            start.put("mastersMs", t.mastersReady().toMillis());
            start.put("agentsRegisteredMs", t.agentsRegistered().toMillis());
            start.put("marathonReadyMs", t.marathonReady().toMillis());
            start.put("totalMs", t.total().toMillis());
            run.put("coldStart", start);
            if (!full) {
                return run;
            }
            run.put("memoryMiB", memoryByComponent(id));
            if (agents <= 10) {
                run.put("deployToRunning", deployToRunning(cluster));
                long r = System.nanoTime();
                cluster.reset();
                run.put("resetMs", millis(r));
            }
        } finally {
            long c = System.nanoTime();
            cluster.close();
            run.put("teardownMs", millis(c));
            run.put("leftovers", new DockerJanitor().count(id));
        }
        return run;
    }

    /**
     * The same 2-instance app deployed twice, timed from the create call until it runs: once through the library's
     * event-driven wait ({@link Waits#deployAndAwait}, subscription included), once by plain polling of Marathon's API
     * every 100 ms. The event-driven figure should be at most the polling one plus 100 ms.
     */
    private Map<String, Object> deployToRunning(MesosClusterHandle cluster) {
        Map<String, Object> figures = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Waits.deployAndAwait(
                cluster,
                MarathonApp.command("/bench-events", "sleep 3600")
                        .withInstances(2)
                        .withCpus(0.1)
                        .withMem(32),
                Duration.ofSeconds(120));
        figures.put("eventDrivenMs", millis(t0));
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
                sleep(100);
            }
        }
        figures.put("pollingEvery100msMs", running ? millis(t1) : null);
        return figures;
    }

    private static Topology topology(int agents) {
        Topology.Builder builder = Topology.builder().name("bench-" + agents);
        int perRack = (agents + 1) / 2;
        builder.agent(AgentGroup.named("a").count(perRack).attributes("rack:a"));
        if (agents - perRack > 0) {
            builder.agent(AgentGroup.named("b").count(agents - perRack).attributes("rack:b"));
        }
        return builder.build();
    }

    private Map<String, Object> memoryByComponent(String clusterId) {
        Map<String, List<Double>> byComponent = new LinkedHashMap<>();
        for (Container c : docker.listContainersCmd()
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                .exec()) {
            byComponent
                    .computeIfAbsent(c.getLabels().get(ClusterLabels.COMPONENT), k -> new ArrayList<>())
                    .add(memoryMiB(c.getId()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byComponent.forEach((component, values) -> out.put(
                component,
                round(values.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
        return out;
    }

    private double memoryMiB(String containerId) {
        java.util.concurrent.atomic.AtomicReference<Statistics> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        try (var callback = docker.statsCmd(containerId)
                .withNoStream(true)
                .exec(new ResultCallback.Adapter<Statistics>() {
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
        if (s == null || s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null) {
            return -1;
        }
        return round(s.getMemoryStats().getUsage() / (1024.0 * 1024.0));
    }

    /** Least-squares slope of total start time and agent memory against the agent count. */
    private static Map<String, Object> marginal(List<Map<String, Object>> runs) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (runs.size() < 2) {
            out.put("note", "needs at least two agent counts");
            return out;
        }
        List<double[]> time = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            @SuppressWarnings("unchecked")
            Map<String, Object> start = (Map<String, Object>) run.get("coldStart");
            time.add(new double[] {
                ((Number) run.get("agents")).doubleValue(), ((Number) start.get("totalMs")).doubleValue()
            });
        }
        out.put("startMsPerAgent", round(slope(time)));
        return out;
    }

    private static double slope(List<double[]> points) {
        double n = points.size();
        double sx = 0, sy = 0, sxy = 0, sxx = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxy += p[0] * p[1];
            sxx += p[0] * p[0];
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            var info = docker.infoCmd().exec();
            m.put("dockerServerVersion", info.getServerVersion());
            m.put("dockerMemoryMiB", info.getMemTotal() == null ? null : info.getMemTotal() / (1024 * 1024));
        } catch (RuntimeException e) {
            m.put("docker", "unavailable: " + e.getMessage());
        }
        return m;
    }

    private static List<Integer> parseCounts(String text) {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                counts.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--agents takes positive whole numbers separated by commas, e.g. "
                        + "1,3,10; got '" + text + "'");
            }
        }
        return counts;
    }

    private static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
