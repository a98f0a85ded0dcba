package io.mesosharness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.cluster.ClusterStartException;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.topology.Topology;
import io.mesosharness.topology.TopologyCapture;
import io.mesosharness.topology.TopologyFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mesos-harness command line ({@code ./mesos-harness} in a checkout, {@code java -jar
 * mesos-harness-cli-VERSION.jar} from the published artifact): the demo (the README's main job), {@code up/status/down/sweep} for trying
 * a topology by hand, and {@code capture} to write a live cluster down as a topology file. The benchmark is a module
 * of its own ({@code ./mesos-harness bench} in a checkout).
 */
public final class MesosHarnessCli {

    static final String USAGE = """
            usage: mesos-harness <command> [options]
            (./mesos-harness in a checkout; java -jar mesos-harness-cli-VERSION.jar from the published jar)
              demo [--topology FILE]          start a cluster (default: 1 master, 3 agents on racks a/b, Marathon),
                                              deploy an app spread over the racks, check and print its placement,
                                              remove everything
              up --topology FILE              start a topology and keep it running; prints its URLs and id
              status                          list harness clusters on this Docker host
              down ID... | --all              remove clusters
              sweep [--include-retained] [--caches]
                                              remove clusters whose JVM is gone (and kept ones, if asked);
                                              --caches: also Marathon's class-data archives
              capture --from MASTER_URL [--out FILE] [--name NAME]
                                              write a live cluster down as a topology file that reproduces it
            """;

    private final PrintStream out;
    private final PrintStream err;

    MesosHarnessCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command and exits with its code: 0 ok, 1 a check failed, 2 a usage or environment problem.
     *
     * @param args the command and its options, e.g. {@code up --topology prod.yml}
     */
    public static void main(String[] args) {
        int code = new MesosHarnessCli(System.out, System.err).run(args);
        System.exit(code);
    }

    /** Runs one command; returns the process exit code (0 ok, 1 check failed, 2 usage or environment problem). */
    int run(String[] args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("bench")) {
            err.println("mesos-harness: the benchmark is not part of the published command line; in a checkout run"
                    + " ./mesos-harness bench");
            return 2;
        }
        Options options;
        try {
            options = Options.parse(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("mesos-harness " + args[0] + ": " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return switch (args[0]) {
                case "demo" -> new Demo(out, err).run(topology(options, Topology.defaultTopology()));
                case "up" -> up(topology(options, null));
                case "status" -> status();
                case "down" -> down(options);
                case "sweep" -> sweep(options);
                case "capture" -> capture(options);
                default -> {
                    err.println("mesos-harness: unknown command '" + args[0] + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (ClusterStartException e) {
            err.println("mesos-harness " + args[0] + ": " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("mesos-harness " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }

    private static Topology topology(Options options, Topology fallback) {
        Optional<String> file = options.value("--topology");
        if (file.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException("--topology FILE is required (a YAML topology or an Ansible "
                        + "inventory; see docs/TOPOLOGY.md)");
            }
            return fallback;
        }
        return TopologyFiles.load(Path.of(file.get()));
    }

    private int up(Topology topology) {
        HarnessConfiguration config = HarnessConfiguration.load();
        Optional<String> missing = ImageAvailability.clusterImagesUnavailable(config);
        if (missing.isPresent()) {
            err.println("mesos-harness up: cannot start " + topology.name() + ": " + missing.get());
            return 2;
        }
        LocalCluster cluster = LocalCluster.start(topology, config, out::println);
        out.println(cluster.retain());
        return 0;
    }

    private int status() {
        List<String> lines = ClusterListing.describe(new DockerJanitor());
        if (lines.isEmpty()) {
            out.println("No mesos-harness clusters on this Docker host.");
        }
        lines.forEach(out::println);
        return 0;
    }

    private int down(Options options) {
        DockerJanitor janitor = new DockerJanitor();
        List<String> ids =
                options.flag("--all") ? new ArrayList<>(janitor.clusters().keySet()) : options.positional();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("down needs cluster ids (see ./mesos-harness status) or --all");
        }
        for (String id : ids) {
            DockerJanitor.Removed removed = janitor.removeCluster(id);
            out.println((removed.total() == 0 ? "nothing found for " : "removed ") + id + " (" + removed.containers()
                    + " containers, " + removed.networks() + " networks, " + removed.volumes() + " volumes)");
        }
        return 0;
    }

    private int sweep(Options options) {
        DockerJanitor.Removed removed = new DockerJanitor().sweep(options.flag("--include-retained"));
        out.println("swept " + removed.clusters().size() + " clusters whose JVM is gone "
                + (removed.clusters().isEmpty() ? "" : removed.clusters() + " ") + "(" + removed.containers()
                + " containers, " + removed.networks() + " networks, " + removed.volumes() + " volumes)");
        if (options.flag("--caches")) {
            int archives = new DockerJanitor().removeCaches();
            out.println("removed " + archives + " class-data archive volumes (in use ones stay)");
        }
        return 0;
    }

    private int capture(Options options) {
        String master = options.value("--from")
                .orElseThrow(() -> new IllegalArgumentException(
                        "capture needs --from MASTER_URL, e.g. --from http://mesos-master.prod:5050"));
        JsonNode state = getJson(master, "/master/state");
        JsonNode slaves = getJson(master, "/master/slaves");
        Topology topology = TopologyCapture.capture(options.value("--name").orElse(null), state, slaves);
        String yaml = "# captured from " + master + " by ./mesos-harness capture: attributes as in production,\n"
                + "# resources scaled down to fit one machine, identical agents folded into a count\n"
                + topology.toYaml();
        Optional<String> file = options.value("--out");
        if (file.isPresent()) {
            try {
                Files.writeString(Path.of(file.get()), yaml);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file.get() + ": " + e.getMessage(), e);
            }
            out.println("wrote " + file.get() + ": " + topology.describe());
        } else {
            out.print(yaml);
        }
        return 0;
    }

    private static JsonNode getJson(String base, String path) {
        URI uri;
        try {
            uri = URI.create(base.replaceAll("/+$", "") + path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad master URL '" + base + "': " + e.getMessage(), e);
        }
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 307) {
                throw new IllegalStateException("GET " + uri + " answered 307: that master is not the leader ("
                        + response.headers()
                                .firstValue("Location")
                                .map(l -> "it points to " + l)
                                .orElse("no Location given")
                        + "); give the leader's URL");
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
            }
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read " + uri + ": " + whatWentWrong(e)
                            + " (is the cluster running? ./mesos-harness status lists the harness's clusters)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
    }

    /** An I/O failure in words: java.net.http's exceptions often have no message ("null"), their causes do. */
    static String whatWentWrong(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String part = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        return String.join(": ", parts);
    }

    /** {@code --name value}, {@code --flag} and positional arguments. */
    record Options(Map<String, String> values, List<String> positional) {

        private static final List<String> WITH_VALUE = List.of("--topology", "--from", "--out", "--name");
        private static final List<String> FLAGS = List.of("--all", "--include-retained", "--caches");

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (WITH_VALUE.contains(a)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    values.put(a, args[++i]);
                } else if (FLAGS.contains(a)) {
                    values.put(a, "true");
                } else if (a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else {
                    positional.add(a);
                }
            }
            return new Options(values, positional);
        }

        Optional<String> value(String name) {
            return Optional.ofNullable(values.get(name));
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }
    }
}
