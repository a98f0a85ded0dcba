package io.mesosharness.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.mesosharness.cluster.ClusterLabels;
import io.mesosharness.cluster.DockerJanitor;
import io.mesosharness.cluster.Poll;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.mesos.Agent;
import io.mesosharness.mesos.MesosClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/**
 * The benchmark's floor: what plain {@code docker run} of the same images costs, with none of the harness's code in
 * the way. One network; ZooKeeper, one master, the agents and Marathon created and started all at once with the
 * images' own settings and only the flags each needs to find the others (and, for the agent, to run without
 * privileges); no readiness waits. Ready = the master lists every agent as active and Marathon's framework is active,
 * polled every 100 ms (as the harness polls) through the master's published port.
 */
final class FloorCluster {

    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final HarnessConfiguration config;
    private final String id;

    FloorCluster(HarnessConfiguration config, String name) {
        this.config = config;
        this.id = ClusterLabels.newClusterId(name + "-floor");
    }

    /**
     * Starts the floor cluster with this many agents, waits until it is ready, removes it (every container at once,
     * as the harness does: the Docker engine's own cost); returns both times.
     */
    ClusterBench.FloorRun measure(int agents, Duration timeout) {
        docker.createNetworkCmd()
                .withName(id)
                .withLabels(ClusterLabels.forComponent(id, "network"))
                .exec();
        String zk = "zk://zookeeper:2181";
        long t0 = System.nanoTime();
        long startMs;
        long removal;
        try {
            List<Runnable> starts = new ArrayList<>();
            starts.add(() -> run("zookeeper", config.zookeeperImage(), "", List.of(), null));
            starts.add(() -> run(
                    "master",
                    config.mesosMasterImage(),
                    config.get(Setting.MESOS_MASTER_COMMAND),
                    List.of("--zk=" + zk + "/mesos", "--quorum=1", "--work_dir=/var/lib/mesos/master"),
                    5050));
            for (int i = 1; i <= agents; i++) {
                String host = "agent-" + i;
                starts.add(() -> run(
                        host,
                        config.mesosAgentImage(),
                        config.get(Setting.MESOS_AGENT_COMMAND),
                        List.of(
                                "--master=" + zk + "/mesos",
                                "--work_dir=/var/lib/mesos/agent",
                                "--hostname=" + host,
                                "--launcher=posix",
                                "--isolation=posix/cpu,posix/mem",
                                "--no-systemd_enable_support",
                                "--resources=cpus:1;mem:1024;disk:1024;ports:[31000-31099]"),
                        null));
            }
            starts.add(() -> run(
                    "marathon",
                    config.marathonImage(),
                    config.get(Setting.MARATHON_ENTRYPOINT),
                    List.of("--master", zk + "/mesos", "--zk", zk + "/marathon"),
                    null));
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, starts.size()));
            try {
                CompletableFuture.allOf(starts.stream()
                                .map(s -> CompletableFuture.runAsync(s, pool))
                                .toArray(CompletableFuture[]::new))
                        .join();
            } finally {
                pool.shutdownNow();
            }
            awaitReady(agents, timeout);
            startMs = LiveRuns.millis(t0);
        } finally {
            removal = System.nanoTime();
            new DockerJanitor(docker).removeCluster(id);
        }
        return new ClusterBench.FloorRun(startMs, LiveRuns.millis(removal));
    }

    private void awaitReady(int agents, Duration timeout) {
        var bindings = docker.inspectContainerCmd(id + "-master")
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings();
        String url = "http://" + DockerClientFactory.instance().dockerHostIpAddress() + ":"
                + bindings.get(ExposedPort.tcp(5050))[0].getHostPortSpec();
        String ready = agents + " of " + agents + " agents active, Marathon registered";
        try (MesosClient mesos = new MesosClient(url)) {
            Poll.until(
                    timeout,
                    "the floor cluster's " + agents + " agents active and Marathon's framework registered",
                    () -> mesos.agents().stream().filter(Agent::active).count() + " of " + agents
                            + " agents active, Marathon "
                            + (mesos.frameworks().stream().anyMatch(f -> "marathon".equals(f.name()) && f.active())
                                    ? "registered"
                                    : "not registered"),
                    ready::equals,
                    seen -> seen);
        }
    }

    private void run(String name, DockerImageName image, String entrypoint, List<String> args, Integer published) {
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(id);
        var cmd = docker.createContainerCmd(image.asCanonicalNameString())
                .withName(id + "-" + name)
                .withHostName(name)
                .withLabels(ClusterLabels.forComponent(id, name))
                .withAliases(name)
                .withHostConfig(host);
        if (published != null) {
            cmd.withExposedPorts(ExposedPort.tcp(published));
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(published)));
        }
        if (!entrypoint.isBlank()) {
            cmd.withEntrypoint(entrypoint.trim().split("\\s+"));
        }
        if (!args.isEmpty()) {
            cmd.withCmd(args);
        }
        docker.startContainerCmd(cmd.exec().getId()).exec();
    }
}
