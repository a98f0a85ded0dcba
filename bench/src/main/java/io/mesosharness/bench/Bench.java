package io.mesosharness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * The benchmark ({@code ./mesos-harness bench} in a checkout; not part of the published command line): prints JSON
 * figures, never asserts. ZooKeeper alone (needs no Mesos images); then, for each agent count, the floor
 * ({@link LiveRuns#floor}) and the harness's cold start and teardown, interleaved {@code --repeat} times
 * ({@link ClusterBench}), after one unmeasured warm-up start per Marathon variant. At the {@code --compare-at} agent
 * counts every Marathon variant runs (each {@code --marathon-java-opts} candidate with and without the class-data
 * archive); elsewhere the default one only.
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
        List<ClusterBench.Variant> variants = variants(
                config,
                List.of(options.getOrDefault(
                                "--marathon-java-opts", config.get(Setting.MARATHON_JAVA_OPTS) + "|" + JVM_DEFAULTS)
                        .split("\\|")));
        Map<String, Object> report = json("machine", machine());
        report.put(
                "images",
                json(
                        "zookeeper", config.zookeeperImage().asCanonicalNameString(),
                        "mesosMaster", config.mesosMasterImage().asCanonicalNameString(),
                        "mesosAgent", config.mesosAgentImage().asCanonicalNameString(),
                        "marathon", config.marathonImage().asCanonicalNameString()));
        report.put("zookeeperOnly", zookeeperOnly(config));
        Optional<String> missing = ImageAvailability.clusterImagesUnavailable(config);
        if (missing.isPresent()) {
            report.put("cluster", json("skipped", missing.get()));
        } else {
            ClusterBench bench = new ClusterBench(new LiveRuns(config, err), err::println);
            Map<String, Object> cluster = json("warmUp", bench.warmUp(variants, agentCounts.get(0)));
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int agents : agentCounts) {
                runs.add(bench.measure(
                        agents,
                        repeat,
                        !options.containsKey("--skip-floor"),
                        compareAt.contains(agents) ? variants : variants.subList(0, 1)));
            }
            cluster.put("runs", runs);
            cluster.put("marginalPerAgent", marginal(runs));
            cluster.put("sharedCluster", SharedHandoff.measure());
            // the same suite of shared = false classes without and with clusters started ahead
            cluster.put("ownClusterSuite", List.of(PoolSuite.measure(0), PoolSuite.measure(1)));
            report.put("cluster", cluster);
        }
        report.put("leftoverDockerObjects", new DockerJanitor().count(null));
        try {
            String text = new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(report);
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

    /** What runs without Mesos images: ZooKeeper through the harness's container class, its memory, its removal. */
    private static Map<String, Object> zookeeperOnly(HarnessConfiguration config) {
        String id = ClusterLabels.newClusterId("bench-zk");
        Map<String, Object> figures = new LinkedHashMap<>();
        try {
            ZooKeeperContainer zk = new ZooKeeperContainer(config.zookeeperImage())
                    .withLabels(ClusterLabels.forComponent(id, "zookeeper"));
            long t0 = System.nanoTime();
            zk.start();
            figures.put("startToSessionMs", LiveRuns.millis(t0));
            figures.put("memoryMiB", LiveRuns.memoryMiB(id).get("zookeeper"));
            long t1 = System.nanoTime();
            zk.stop();
            figures.put("removeMs", LiveRuns.millis(t1));
        } finally {
            new DockerJanitor().removeCluster(id);
        }
        figures.put("leftovers", new DockerJanitor().count(id));
        return figures;
    }

    /**
     * Each JAVA_OPTS candidate with the class-data archive as configured, then as not; the first is the default.
     * Duplicates (the configured options given twice) count once.
     */
    static List<ClusterBench.Variant> variants(HarnessConfiguration config, List<String> javaOpts) {
        boolean archive = config.getBoolean(Setting.MARATHON_CLASS_DATA_ARCHIVE);
        return javaOpts.stream()
                .flatMap(opts -> Stream.of(
                        new ClusterBench.Variant(opts.trim(), archive),
                        new ClusterBench.Variant(opts.trim(), !archive)))
                .distinct()
                .toList();
    }

    /** Least-squares slope of the median start time against the agent count. */
    private static Map<String, Object> marginal(List<Map<String, Object>> runs) {
        if (runs.size() < 2) {
            return json("note", "needs at least two agent counts");
        }
        double n = runs.size(), sx = 0, sy = 0, sxy = 0, sxx = 0;
        for (Map<String, Object> run : runs) {
            double x = (Integer) run.get("agents");
            double y = (Double) ((Map<?, ?>) run.get("harnessColdStart")).get("medianMs");
            sx += x;
            sy += y;
            sxy += x * y;
            sxx += x * x;
        }
        double d = n * sxx - sx * sx;
        return json("startMsPerAgent", d == 0 ? 0.0 : round((n * sxy - sx * sy) / d));
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = json("cores", Runtime.getRuntime().availableProcessors());
        try {
            var info = DockerClientFactory.lazyClient().infoCmd().exec();
            m.put("dockerServerVersion", info.getServerVersion());
            m.put("dockerMemoryMiB", info.getMemTotal() == null ? null : info.getMemTotal() / (1024 * 1024));
        } catch (RuntimeException e) {
            m.put("docker", "unavailable: " + e.getMessage());
        }
        return m;
    }

    private static List<Integer> counts(Map<String, String> options, String option) {
        String text = options.get(option);
        if (!text.matches("\\s*0*[1-9]\\d{0,8}\\s*(,\\s*0*[1-9]\\d{0,8}\\s*)*")) {
            throw new IllegalArgumentException(
                    option + " takes positive whole numbers separated by commas, e.g. 1,3,10; got '" + text + "'");
        }
        return Stream.of(text.split(",")).map(n -> Integer.parseInt(n.trim())).toList();
    }

    /** An ordered JSON object from name-value pairs (values may be null). */
    static Map<String, Object> json(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
