package io.mesosharness.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.bench.ClusterBench.AgentRun;
import io.mesosharness.bench.ClusterBench.Variant;
import io.mesosharness.bench.ClusterBench.WarmUp;
import io.mesosharness.bench.SuiteRuns.OwnClusterSuite;
import io.mesosharness.bench.SuiteRuns.SharedCluster;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.ZooKeeperContainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * The benchmark ({@code ./mesos-harness bench} in a checkout; not part of the published command line): prints JSON
 * figures, never asserts. ZooKeeper alone (needs no Mesos images); then, for each agent count, the floor and the
 * harness's cold start and teardown, interleaved {@code --repeat} times ({@link ClusterBench}), after one unmeasured
 * warm-up start per Marathon variant. At the {@code --compare-at} agent counts every Marathon variant runs (each
 * {@code --marathon-java-opts} candidate with and without the class-data archive); elsewhere the default one only.
 */
public record Bench(PrintStream out, PrintStream err) {

    static final String USAGE = """
            usage: ./mesos-harness bench [--agents 1,3,10,25,100] [--repeat 3] [--skip-floor] [--out FILE]
                                         [--marathon-java-opts 'OPTS|OPTS...'] [--compare-at 3]
              measure start, reset, deploy and teardown against an honest floor; prints JSON
              (--marathon-java-opts: Marathon JVM candidates, each with and without the class-data archive,
              interleaved, at the agent counts of --compare-at)
            """;
    private static final List<String> WITH_VALUE =
            List.of("--agents", "--repeat", "--out", "--marathon-java-opts", "--compare-at");
    /** The comparison for the default JAVA_OPTS: only the heap set, the JVM's own JIT and GC. */
    static final String JVM_DEFAULTS = "-Xms64m -Xmx512m";
    /** Null figures are left out of the report. */
    static final ObjectMapper JSON = new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    /** {@code cluster}: a {@link Cluster}, or {@code {"skipped": why}} without the Mesos images. */
    record Report(
            Machine machine, Images images, ZooKeeperOnly zookeeperOnly, Object cluster, int leftoverDockerObjects) {}

    record Machine(int cores, String dockerServerVersion, Long dockerMemoryMiB, String docker) {}

    record Images(String zookeeper, String mesosMaster, String mesosAgent, String marathon) {}

    /** ZooKeeper through the harness's container class: its start, memory, removal and what it left. */
    record ZooKeeperOnly(long startToSessionMs, Double memoryMiB, long removeMs, int leftovers) {}

    record Cluster(
            List<WarmUp> warmUp,
            List<AgentRun> runs,
            Map<String, Object> marginalPerAgent,
            SharedCluster sharedCluster,
            List<OwnClusterSuite> ownClusterSuite) {}

    /** Runs the benchmark and exits: 0 done, 2 a usage or environment problem. */
    public static void main(String[] args) {
        System.exit(new Bench(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        Map<String, String> options =
                new HashMap<>(Map.of("--agents", "1,3,10,25,100", "--repeat", "3", "--compare-at", "3"));
        try {
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--skip-floor")) {
                    options.put(args[i], "");
                } else if (WITH_VALUE.contains(args[i]) && i + 1 < args.length) {
                    options.put(args[i], args[++i]);
                } else {
                    throw new IllegalArgumentException(
                            WITH_VALUE.contains(args[i])
                                    ? args[i] + " needs a value"
                                    : "unknown option " + args[i] + "\n" + USAGE);
                }
            }
            return run(options);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("mesos-harness bench: " + e.getMessage());
            return 2;
        }
    }

    private int run(Map<String, String> options) {
        HarnessConfiguration config = HarnessConfiguration.load();
        List<Integer> agentCounts = counts(options, "--agents");
        int repeat = counts(options, "--repeat").get(0);
        List<Integer> compareAt = counts(options, "--compare-at");
        // candidates for Marathon's JAVA_OPTS, separated by '|': the first is the baseline the others are compared to
        List<Variant> variants = variants(
                config,
                List.of(options.getOrDefault(
                                "--marathon-java-opts", config.get(Setting.MARATHON_JAVA_OPTS) + "|" + JVM_DEFAULTS)
                        .split("\\|")));
        Machine machine = machine(); // before any measurement: it sets up the Docker client
        Images images = new Images(
                config.zookeeperImage().asCanonicalNameString(),
                config.mesosMasterImage().asCanonicalNameString(),
                config.mesosAgentImage().asCanonicalNameString(),
                config.marathonImage().asCanonicalNameString());
        ZooKeeperOnly zookeeperOnly = zookeeperOnly(config);
        Optional<String> missing = ImageAvailability.clusterImagesUnavailable(config);
        Object cluster = missing.map(why -> Map.of("skipped", why)).orElse(null);
        if (missing.isEmpty()) {
            ClusterBench bench = new ClusterBench(new LiveRuns(config, err), err::println);
            List<WarmUp> warmUp = bench.warmUp(variants, agentCounts.get(0));
            List<AgentRun> runs = new ArrayList<>();
            for (int agents : agentCounts) {
                runs.add(bench.measure(
                        agents,
                        repeat,
                        !options.containsKey("--skip-floor"),
                        compareAt.contains(agents) ? variants : variants.subList(0, 1)));
            }
            cluster = new Cluster(
                    warmUp,
                    runs,
                    marginal(runs),
                    SuiteRuns.sharedCluster(),
                    // the same suite of shared = false classes without and with clusters started ahead
                    List.of(SuiteRuns.ownClusterSuite(0), SuiteRuns.ownClusterSuite(1)));
        }
        Report report = new Report(machine, images, zookeeperOnly, cluster, new DockerJanitor().count(null));
        try {
            String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
            out.println(text);
            if (options.containsKey("--out")) {
                Files.writeString(Path.of(options.get("--out")), text + "\n");
            }
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write " + options.getOrDefault("--out", "the report") + ": " + e.getMessage(), e);
        }
        return 0;
    }

    private static ZooKeeperOnly zookeeperOnly(HarnessConfiguration config) {
        String id = ClusterLabels.newClusterId("bench-zk");
        long startMs;
        Double memoryMiB;
        long removeMs;
        try {
            ZooKeeperContainer zk = new ZooKeeperContainer(config.zookeeperImage())
                    .withLabels(ClusterLabels.forComponent(id, "zookeeper"));
            long t0 = System.nanoTime();
            zk.start();
            startMs = LiveRuns.millis(t0);
            memoryMiB = LiveRuns.memoryMiB(id).get("zookeeper");
            long t1 = System.nanoTime();
            zk.stop();
            removeMs = LiveRuns.millis(t1);
        } finally {
            new DockerJanitor().removeCluster(id);
        }
        return new ZooKeeperOnly(startMs, memoryMiB, removeMs, new DockerJanitor().count(id));
    }

    /**
     * Each JAVA_OPTS candidate with the class-data archive as configured, then as not; the first is the default.
     * Duplicates (the configured options given twice) count once.
     */
    static List<Variant> variants(HarnessConfiguration config, List<String> javaOpts) {
        boolean archive = config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE);
        return javaOpts.stream()
                .flatMap(opts -> Stream.of(new Variant(opts.trim(), archive), new Variant(opts.trim(), !archive)))
                .distinct()
                .toList();
    }

    /** Least-squares slope of the median start time against the agent count. */
    static Map<String, Object> marginal(List<AgentRun> runs) {
        if (runs.size() < 2) {
            return Map.of("note", "needs at least two agent counts");
        }
        double mx = runs.stream().mapToDouble(AgentRun::agents).average().orElseThrow();
        double my = runs.stream()
                .mapToDouble(r -> r.harnessColdStart().medianMs())
                .average()
                .orElseThrow();
        double sxy = 0, sxx = 0;
        for (AgentRun r : runs) {
            sxy += (r.agents() - mx) * (r.harnessColdStart().medianMs() - my);
            sxx += (r.agents() - mx) * (r.agents() - mx);
        }
        return Map.of("startMsPerAgent", sxx == 0 ? 0.0 : round(sxy / sxx));
    }

    private static Machine machine() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            var info = DockerClientFactory.lazyClient().infoCmd().exec();
            Long memTotal = info.getMemTotal();
            return new Machine(
                    cores, info.getServerVersion(), memTotal == null ? null : memTotal / (1024 * 1024), null);
        } catch (RuntimeException e) {
            return new Machine(cores, null, null, "unavailable: " + e.getMessage());
        }
    }

    private static List<Integer> counts(Map<String, String> options, String option) {
        String text = options.get(option);
        if (!text.matches("\\s*0*[1-9]\\d{0,8}\\s*(,\\s*0*[1-9]\\d{0,8}\\s*)*")) {
            throw new IllegalArgumentException(
                    option + " takes positive whole numbers separated by commas, e.g. 1,3,10; got '" + text + "'");
        }
        return Stream.of(text.split(",")).map(n -> Integer.parseInt(n.trim())).toList();
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
