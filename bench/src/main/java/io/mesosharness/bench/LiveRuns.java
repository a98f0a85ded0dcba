package io.mesosharness.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Statistics;
import io.mesosharness.assertions.Waits;
import io.mesosharness.bench.ClusterBench.DeployToRunning;
import io.mesosharness.bench.ClusterBench.FloorRun;
import io.mesosharness.bench.ClusterBench.HarnessRun;
import io.mesosharness.bench.ClusterBench.Phases;
import io.mesosharness.bench.ClusterBench.Variant;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.Poll;
import io.mesosharness.cluster.StartTimings;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/** The benchmark's real runs: the floor (plain Docker calls), the harness ({@link LocalCluster}), Docker's stats. */
record LiveRuns(HarnessConfiguration config, PrintStream err) implements ClusterBench.Runner {

    /**
     * The floor: what plain {@code docker run} of the same images costs, with none of the harness's code in the way.
     * One network; ZooKeeper, one master, the agents and Marathon created and started all at once with the images' own
     * settings and only the flags each needs to find the others (and, for the agent, to run without privileges); no
     * readiness waits. Ready = the master lists every agent as active and Marathon's framework is active, polled every
     * 100 ms (as the harness polls) through the master's published port. Then everything is removed at once, as the
     * harness does: the Docker engine's own cost.
     */
    @Override
    public FloorRun floor(int agents) {
        String id = ClusterLabels.newClusterId("bench-" + agents + "-floor");
        DockerClient docker = DockerClientFactory.lazyClient();
        docker.createNetworkCmd()
                .withName(id)
                .withLabels(ClusterLabels.forComponent(id, "network"))
                .exec();
        String zk = "zk://zookeeper:2181";
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("zookeeper", config.zookeeperImage(), "", ""));
        specs.add(new Spec(
                "master",
                config.mesosMasterImage(),
                config.get(Setting.MESOS_MASTER_COMMAND),
                "--zk=" + zk + "/mesos --quorum=1 --work_dir=/var/lib/mesos/master"));
        for (int i = 1; i <= agents; i++) {
            specs.add(new Spec(
                    "agent-" + i,
                    config.mesosAgentImage(),
                    config.get(Setting.MESOS_AGENT_COMMAND),
                    "--master=" + zk + "/mesos --work_dir=/var/lib/mesos/agent --hostname=agent-" + i
                            + " --launcher=posix --isolation=posix/cpu,posix/mem --no-systemd_enable_support"
                            + " --resources=cpus:1;mem:1024;disk:1024;ports:[31000-31099]"));
        }
        specs.add(new Spec(
                "marathon",
                config.marathonImage(),
                config.get(Setting.MARATHON_ENTRYPOINT),
                "--master " + zk + "/mesos --zk " + zk + "/marathon"));
        long t0 = System.nanoTime();
        long startMs;
        long removal;
        try {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, specs.size()));
            try {
                CompletableFuture.allOf(specs.stream()
                                .map(spec -> CompletableFuture.runAsync(() -> spec.start(docker, id), pool))
                                .toArray(CompletableFuture[]::new))
                        .join();
            } finally {
                pool.shutdownNow();
            }
            String port = docker.inspectContainerCmd(id + "-master")
                    .exec()
                    .getNetworkSettings()
                    .getPorts()
                    .getBindings()
                    .get(ExposedPort.tcp(5050))[0]
                    .getHostPortSpec();
            String ready = agents + " of " + agents + " agents active, Marathon registered";
            try (MesosClient mesos =
                    new MesosClient("http://" + DockerClientFactory.instance().dockerHostIpAddress() + ":" + port)) {
                Poll.until(
                        Duration.ofMinutes(5),
                        "the floor cluster's " + agents + " agents active and Marathon's framework registered",
                        () -> mesos.agents().stream().filter(Agent::active).count() + " of " + agents
                                + " agents active, Marathon "
                                + (mesos.frameworks().stream().anyMatch(f -> "marathon".equals(f.name()) && f.active())
                                        ? "registered"
                                        : "not registered"),
                        ready::equals,
                        seen -> seen);
            }
            startMs = millis(t0);
        } finally {
            removal = System.nanoTime();
            new DockerJanitor(docker).removeCluster(id);
        }
        return new FloorRun(startMs, millis(removal));
    }

    /** One container of the floor, started as is with these arguments; the master's 5050 is published on loopback. */
    private record Spec(String name, DockerImageName image, String entrypoint, String args) {
        void start(DockerClient docker, String clusterId) {
            HostConfig host = HostConfig.newHostConfig().withNetworkMode(clusterId);
            var cmd = docker.createContainerCmd(image.asCanonicalNameString())
                    .withName(clusterId + "-" + name)
                    .withHostName(name)
                    .withLabels(ClusterLabels.forComponent(clusterId, name))
                    .withAliases(name)
                    .withHostConfig(host);
            if (name.equals("master")) {
                cmd.withExposedPorts(ExposedPort.tcp(5050));
                host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(5050)));
            }
            if (!entrypoint.isBlank()) {
                cmd.withEntrypoint(entrypoint.trim().split("\\s+"));
            }
            if (!args.isBlank()) {
                cmd.withCmd(args.split(" "));
            }
            docker.startContainerCmd(cmd.exec().getId()).exec();
        }
    }

    @Override
    public HarnessRun harness(Variant variant, int agents, boolean full) {
        HarnessConfiguration withVariant = config.withOverrides(
                Map.of(
                        Setting.MARATHON_JAVA_OPTS.property(), variant.javaOpts(),
                        Setting.MARATHON_CLASS_DATA_ARCHIVE.property(), String.valueOf(variant.classDataArchive())),
                "bench variant " + variant);
        LocalCluster cluster = LocalCluster.start(topology(agents), withVariant, err::println);
        StartTimings t = cluster.startTimings();
        // what the launcher did with the archive: a variant "with" it that did not use it would measure nothing
        String archive = cluster.marathonClassDataArchive().orElse("off");
        Map<String, Double> memory = null;
        DeployToRunning deploy = null;
        Long resetMs = null;
        long teardownMs;
        try {
            if (full) {
                memory = memoryMiB(cluster.id());
                if (agents <= 10) {
                    deploy = deployToRunning(cluster);
                    long r = System.nanoTime();
                    cluster.reset();
                    resetMs = millis(r);
                }
            }
        } finally {
            long c = System.nanoTime();
            cluster.close();
            teardownMs = millis(c);
        }
        Phases phases = new Phases(
                t.zookeeperReady().toMillis(),
                t.mastersReady().toMillis(),
                t.agentsRegistered().toMillis(),
                t.marathonReady().toMillis(),
                t.total().toMillis());
        return new HarnessRun(
                phases, archive, memory, deploy, resetMs, teardownMs, new DockerJanitor().count(cluster.id()));
    }

    /**
     * The same 2-instance app deployed twice, timed from the create call until it runs: once through the library's
     * wait, once by plain polling of Marathon's API every 100 ms (the floor). The library's figure should be at most
     * the floor plus 100 ms.
     */
    private static DeployToRunning deployToRunning(LocalCluster cluster) {
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
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        return new DeployToRunning(libraryWaitMs, running ? millis(t1) : null);
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
     * Component ("agent", "marathon", …) of a cluster → the average memory of its containers in MiB; read 8 at a time
     * (Docker takes about a second per container to answer, which at 100 agents would otherwise be minutes).
     */
    static Map<String, Double> memoryMiB(String clusterId) {
        DockerClient docker = DockerClientFactory.lazyClient();
        List<Container> containers = docker.listContainersCmd()
                .withLabelFilter(Map.of(ClusterLabels.CLUSTER, clusterId))
                .exec();
        ForkJoinPool pool = new ForkJoinPool(8);
        try {
            return pool.submit(() -> containers.parallelStream()
                            .collect(Collectors.groupingBy(
                                    c -> c.getLabels().get(ClusterLabels.COMPONENT),
                                    LinkedHashMap::new,
                                    Collectors.collectingAndThen(
                                            Collectors.averagingDouble(c -> mib(docker, c.getId())), Bench::round))))
                    .join();
        } finally {
            pool.shutdownNow();
        }
    }

    /** -1 where Docker gives no figure. */
    private static double mib(DockerClient docker, String containerId) {
        var stats = new ResultCallback.Adapter<Statistics>() {
            volatile Long bytes;

            @Override
            public void onNext(Statistics s) {
                bytes = s.getMemoryStats() == null ? null : s.getMemoryStats().getUsage();
            }
        };
        try (stats) {
            docker.statsCmd(containerId).withNoStream(true).exec(stats).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return stats.bytes == null ? -1 : Bench.round(stats.bytes / (1024.0 * 1024.0));
    }

    static long millis(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
