package io.mesosharness.cli;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.mesosharness.assertions.ClusterPlacement;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.ClusterStartException;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.Topology;
import io.mesosharness.topology.TopologyCapture;
import io.mesosharness.topology.TopologyFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

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

    private static final String DEMO_APP = "/demo/web";
    private static final List<String> WITH_VALUE = List.of("--topology", "--from", "--out", "--name");
    private static final List<String> FLAGS = List.of("--all", "--include-retained", "--caches");

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
        System.exit(new MesosHarnessCli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        if (command.equals("bench")) {
            err.println("mesos-harness: the benchmark is not part of the published command line; in a checkout run"
                    + " ./mesos-harness bench");
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (FLAGS.contains(args[i])) {
                options.put(args[i], "");
            } else if (WITH_VALUE.contains(args[i]) && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else if (args[i].startsWith("--")) {
                err.println("mesos-harness " + command + ": "
                        + (WITH_VALUE.contains(args[i]) ? args[i] + " needs a value" : "unknown option " + args[i]));
                err.print(USAGE);
                return 2;
            } else {
                ids.add(args[i]);
            }
        }
        try {
            return switch (command) {
                case "demo" -> {
                    Topology topology = topology(options, Topology.defaultTopology());
                    yield demo(topology, configFor(topology));
                }
                case "up" -> {
                    Topology topology = topology(options, null);
                    out.println(LocalCluster.start(topology, configFor(topology), out::println)
                            .retain());
                    yield 0;
                }
                case "status" -> status();
                case "down" -> down(options.containsKey("--all"), ids);
                case "sweep" -> sweep(options.containsKey("--include-retained"), options.containsKey("--caches"));
                case "capture" -> capture(options);
                default -> {
                    err.println("mesos-harness: unknown command '" + command + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (ClusterStartException | IllegalArgumentException | IllegalStateException e) {
            err.println("mesos-harness " + command + ": " + e.getMessage());
            return 2;
        }
    }

    private static Topology topology(Map<String, String> options, Topology fallback) {
        if (options.containsKey("--topology")) {
            return TopologyFiles.load(Path.of(options.get("--topology")));
        } else if (fallback == null) {
            throw new IllegalArgumentException(
                    "--topology FILE is required (a YAML topology or an Ansible inventory; see docs/TOPOLOGY.md)");
        }
        return fallback;
    }

    /** The configuration to start {@code topology} with, once every image it needs is on this Docker host. */
    private static HarnessConfiguration configFor(Topology topology) {
        HarnessConfiguration config = HarnessConfiguration.load();
        ImageAvailability.clusterImagesUnavailable(config).ifPresent(missing -> {
            throw new IllegalStateException("cannot start " + topology.name() + ": " + missing);
        });
        return config;
    }

    /**
     * The main job: start a cluster, deploy an app that must spread over the racks, print where its tasks landed, run
     * the checks a test would run, and remove everything.
     */
    private int demo(Topology topology, HarnessConfiguration config) {
        out.println("mesos-harness demo: " + topology.describe());
        String clusterId;
        try (LocalCluster cluster = LocalCluster.start(topology, config, out::println)) {
            clusterId = cluster.id();
            MarathonApp web = MarathonApp.command(DEMO_APP, "while true; do sleep 5; done")
                    .withInstances(4)
                    .withCpus(0.1)
                    .withMem(32)
                    .withConstraint("rack", "GROUP_BY", "2");
            out.println("mesos-harness demo: deploying " + DEMO_APP + ": " + web.instances()
                    + " instances, constraints " + web.constraints());
            long t0 = System.nanoTime();
            cluster.marathon().create(web);
            try {
                assertThat(cluster)
                        .app(DEMO_APP)
                        .within(Duration.ofSeconds(120))
                        .isDeployed()
                        .hasRunningInstances(4)
                        .satisfiesItsConstraints()
                        .isSpreadEvenlyBy("rack");
            } catch (AssertionError failed) {
                err.println("mesos-harness demo: CHECK FAILED\n" + failed.getMessage());
                return 1;
            } finally {
                out.println("mesos-harness demo: where the tasks of " + DEMO_APP + " landed ("
                        + String.format("%.1f s", (System.nanoTime() - t0) / 1e9) + " after the deploy call):");
                out.println(ClusterPlacement.of(cluster, DEMO_APP).table("rack").indent(2));
            }
            out.println("mesos-harness demo: checks passed: " + DEMO_APP + " deployed, 4 instances running, "
                    + "constraints satisfied, spread evenly by rack");
        }
        int left = new DockerJanitor().count(clusterId);
        out.println("mesos-harness demo: cluster removed; Docker objects left: " + left);
        return left == 0 ? 0 : 1;
    }

    /** One line per harness cluster on this Docker host, from its labels: id, owner, components, Mesos and Marathon. */
    private int status() {
        DockerClient docker = DockerClientFactory.lazyClient();
        Map<String, Map<String, String>> clusters = new DockerJanitor().clusters();
        clusters.forEach((id, labels) -> {
            Map<String, Integer> components = new TreeMap<>();
            String mesos = "-";
            String marathon = "-";
            for (Container c : docker.listContainersCmd()
                    .withShowAll(true)
                    .withLabelFilter(Map.of(ClusterLabels.CLUSTER, id))
                    .exec()) {
                String component = c.getLabels().getOrDefault(ClusterLabels.COMPONENT, "?");
                boolean running = "running".equals(c.getState());
                components.merge(component + (running ? "" : " (" + c.getState() + ")"), 1, Integer::sum);
                if (component.equals("master") && running && mesos.equals("-")) {
                    mesos = published(c, 5050);
                } else if (component.equals("marathon")) {
                    marathon = published(c, 8080);
                }
            }
            String owner = (ClusterLabels.isRetained(labels)
                            ? "retained"
                            : "owned by pid " + labels.get(ClusterLabels.OWNER_PID) + " on "
                                    + labels.get(ClusterLabels.OWNER_HOST))
                    + (ClusterLabels.ownerIsGone(labels) ? " (owner gone: sweep removes it)" : "");
            out.println(id + "  " + owner + "  " + components + "  Mesos " + mesos + "  Marathon " + marathon);
        });
        if (clusters.isEmpty()) {
            out.println("No mesos-harness clusters on this Docker host.");
        }
        return 0;
    }

    /**
     * The URL of a published port. The harness publishes on loopback only when Testcontainers reaches the engine
     * there, on all interfaces otherwise: either way it is reached at Testcontainers' host.
     */
    private static String published(Container c, int privatePort) {
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        return Stream.of(c.getPorts())
                .filter(p ->
                        p.getPrivatePort() != null && p.getPrivatePort() == privatePort && p.getPublicPort() != null)
                .findFirst()
                .map(p -> "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + p.getPublicPort())
                .orElse("-");
    }

    private int down(boolean all, List<String> ids) {
        if (!all && ids.isEmpty()) {
            throw new IllegalArgumentException("down needs cluster ids (see ./mesos-harness status) or --all");
        }
        DockerJanitor janitor = new DockerJanitor();
        for (String id : all ? List.copyOf(janitor.clusters().keySet()) : ids) {
            DockerJanitor.Removed removed = janitor.removeCluster(id);
            out.println((removed.total() == 0 ? "nothing found for " : "removed ") + id + " " + counts(removed));
        }
        return 0;
    }

    private int sweep(boolean includeRetained, boolean caches) {
        DockerJanitor.Removed removed = new DockerJanitor().sweep(includeRetained);
        out.println("swept " + removed.clusters().size() + " clusters whose JVM is gone "
                + (removed.clusters().isEmpty() ? "" : removed.clusters() + " ") + counts(removed));
        if (caches) {
            out.println(
                    "removed " + new DockerJanitor().removeCaches() + " class-data archive volumes (in use ones stay)");
        }
        return 0;
    }

    private static String counts(DockerJanitor.Removed removed) {
        return "(" + removed.containers() + " containers, " + removed.networks() + " networks, " + removed.volumes()
                + " volumes)";
    }

    private int capture(Map<String, String> options) {
        String master = options.get("--from");
        if (master == null) {
            throw new IllegalArgumentException(
                    "capture needs --from MASTER_URL, e.g. --from http://mesos-master.prod:5050");
        }
        URI base = HttpSupport.fixedBaseUrl(master, "master").get();
        Topology topology = TopologyCapture.capture(
                options.get("--name"), getJson(base, "/master/state"), getJson(base, "/master/slaves"));
        String yaml = "# captured from " + master + " by ./mesos-harness capture: attributes as in production,\n"
                + "# resources scaled down to fit one machine, identical agents folded into a count\n"
                + topology.toYaml();
        String file = options.get("--out");
        if (file == null) {
            out.print(yaml);
            return 0;
        }
        try {
            Files.writeString(Path.of(file), yaml);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
        out.println("wrote " + file + ": " + topology.describe());
        return 0;
    }

    private static JsonNode getJson(URI master, String path) {
        URI uri = HttpSupport.url(master, path);
        try {
            HttpSupport.Exchange answer = HttpSupport.send("GET", uri, null, "application/json", null, false);
            if (answer.status() == 307) {
                String location = answer.header("Location");
                throw new IllegalStateException("GET " + uri + " answered 307: that master is not the leader ("
                        + (location == null ? "no Location given" : "it points to " + location)
                        + "); give the leader's URL");
            } else if (answer.status() != 200) {
                throw new IllegalStateException("GET " + uri + " answered " + answer.status());
            }
            return HttpSupport.mapper().readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read " + uri + ": " + HttpSupport.describe(e)
                            + " (is the cluster running? ./mesos-harness status lists the harness's clusters)",
                    e);
        }
    }
}
