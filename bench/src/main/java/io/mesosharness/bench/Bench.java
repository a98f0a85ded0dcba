package io.mesosharness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.dockerjava.api.DockerClient;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.containers.ImageSet;
import io.mesosharness.containers.ZooKeeperContainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;

/**
 * The benchmark ({@code ./mesos-harness bench} in a checkout; not part of the published command line): prints JSON
 * figures, never asserts. ZooKeeper alone (needs no Mesos images); then, for each agent
 * count, the floor ({@link FloorCluster}: plain creation and start of the same images, all at once, until every agent
 * and Marathon's framework are registered) and the harness's cold start and teardown, interleaved {@code --repeat}
 * times ({@link ClusterBench}), after one unmeasured warm-up start per Marathon variant. At the {@code --compare-at}
 * agent counts every Marathon variant runs (each {@code --marathon-java-opts} candidate with and without the
 * class-data archive); elsewhere the default one only.
 */
public final class Bench {

    static final String USAGE = """
            usage: ./mesos-harness bench [--agents 1,3,10,25,100] [--repeat 3] [--skip-floor] [--out FILE]
                                         [--images SET] [--marathon-java-opts 'OPTS|OPTS...'] [--compare-at 3]
              measure start, reset, deploy and teardown against an honest floor; prints JSON
              (--images: a named image set, mesos.harness.image-set.SET.*; --marathon-java-opts: Marathon JVM
              candidates, each with and without the class-data archive, interleaved, at the agent counts of
              --compare-at)
            """;
    private static final List<String> WITH_VALUE =
            List.of("--agents", "--repeat", "--out", "--images", "--marathon-java-opts", "--compare-at");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The comparison for the default JAVA_OPTS: only the heap set, the JVM's own JIT and GC. */
    static final String JVM_DEFAULTS = "-Xms64m -Xmx512m";

    private final PrintStream out;
    private final PrintStream err;
    private final DockerClient docker = DockerClientFactory.lazyClient();

    Bench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the benchmark and exits: 0 done, 2 a usage or environment problem. */
    public static void main(String[] args) {
        System.exit(new Bench(System.out, System.err).run(args));
    }

    /** Runs the benchmark; returns the exit code (0 done, 2 a usage or environment problem). */
    int run(String[] args) {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        try {
            return run(Options.parse(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("mesos-harness bench: " + e.getMessage());
            return 2;
        }
    }

    private int run(Options options) {
        HarnessConfiguration loaded = HarnessConfiguration.load();
        Optional<ImageSet> imageSet = options.value("--images").map(name -> ImageSet.named(loaded, name));
        HarnessConfiguration config = imageSet.map(set -> set.applyTo(loaded)).orElse(loaded);
        List<Integer> agentCounts =
                parseCounts("--agents", options.value("--agents").orElse("1,3,10,25,100"));
        int repeat =
                parseCounts("--repeat", options.value("--repeat").orElse("3")).get(0);
        List<Integer> compareAt =
                parseCounts("--compare-at", options.value("--compare-at").orElse("3"));
        // candidates for Marathon's JAVA_OPTS, separated by '|': the first is the baseline the others are compared to
        List<String> javaOpts = List.of(options.value("--marathon-java-opts")
                .orElse(config.get(Setting.MARATHON_JAVA_OPTS) + "|" + JVM_DEFAULTS)
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
            List<ClusterBench.Variant> variants = variants(config, javaOpts);
            ClusterBench bench = new ClusterBench(new LiveRuns(config, err), err::println);
            Map<String, Object> cluster = new LinkedHashMap<>();
            cluster.put("warmUp", bench.warmUp(variants, agentCounts.get(0)));
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int agents : agentCounts) {
                runs.add(bench.measure(
                        agents,
                        repeat,
                        !options.flag("--skip-floor"),
                        compareAt.contains(agents) ? variants : variants.subList(0, 1)));
            }
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
            figures.put("startToSessionMs", LiveRuns.millis(t0));
            figures.put("memoryMiB", new ContainerMemory().mib(zk.getContainerId()));
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
        LinkedHashSet<ClusterBench.Variant> variants = new LinkedHashSet<>();
        for (String opts : javaOpts) {
            variants.add(new ClusterBench.Variant(opts.trim(), archive));
            variants.add(new ClusterBench.Variant(opts.trim(), !archive));
        }
        return List.copyOf(variants);
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
            Map<String, Object> start = (Map<String, Object>) run.get("harnessColdStart");
            time.add(new double[] {
                ((Number) run.get("agents")).doubleValue(), ((Number) start.get("medianMs")).doubleValue()
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

    private static List<Integer> parseCounts(String option, String text) {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                counts.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " takes positive whole numbers separated by commas, e.g. "
                        + "1,3,10; got '" + text + "'");
            }
        }
        return counts;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** {@code --name value} options and the {@code --skip-floor} flag. */
    record Options(Map<String, String> values) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (WITH_VALUE.contains(a)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    values.put(a, args[++i]);
                } else if (a.equals("--skip-floor")) {
                    values.put(a, "true");
                } else {
                    throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                }
            }
            return new Options(values);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }
    }
}
