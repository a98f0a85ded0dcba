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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.testcontainers.DockerClientFactory;

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
        long startMs;
        try {
            docker.createNetworkCmd()
                    .withName(id)
                    .withLabels(ClusterLabels.forComponent(id, "network"))
                    .exec();
            String zk = "zk://zookeeper:2181";
            List<Runnable> starts = new ArrayList<>();
            long t0 = System.nanoTime();
            starts.add(() -> run("zookeeper", config.zookeeperImage().asCanonicalNameString(), null, List.of(), null));
            starts.add(() -> run(
                    "master",
                    config.mesosMasterImage().asCanonicalNameString(),
                    config.get(Setting.MESOS_MASTER_COMMAND),
                    List.of("--zk=" + zk + "/mesos", "--quorum=1", "--work_dir=/var/lib/mesos/master"),
                    5050));
            for (int i = 1; i <= agents; i++) {
                String host = "agent-" + i;
                starts.add(() -> run(
                        host,
                        config.mesosAgentImage().asCanonicalNameString(),
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
            String marathonEntrypoint = config.get(Setting.MARATHON_ENTRYPOINT).trim();
            starts.add(() -> run(
                    "marathon",
                    config.marathonImage().asCanonicalNameString(),
                    marathonEntrypoint.isEmpty() ? null : marathonEntrypoint,
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
        } catch (RuntimeException e) {
            new DockerJanitor(docker).removeCluster(id);
            throw e;
        }
        long r = System.nanoTime();
        new DockerJanitor(docker).removeCluster(id);
        return new ClusterBench.FloorRun(startMs, LiveRuns.millis(r));
    }

    private void awaitReady(int agents, Duration timeout) {
        int port = publishedPort("master", 5050);
        try (MesosClient mesos =
                new MesosClient("http://" + DockerClientFactory.instance().dockerHostIpAddress() + ":" + port)) {
            Poll.until(
                    timeout,
                    "the floor cluster's " + agents + " agents active and Marathon's framework registered",
                    () -> new Seen(
                            mesos.agents().stream().filter(Agent::active).count(),
                            mesos.frameworks().stream().anyMatch(f -> "marathon".equals(f.name()) && f.active())),
                    seen -> seen.activeAgents() == agents && seen.marathon(),
                    seen -> seen.activeAgents() + " of " + agents + " agents active, Marathon "
                            + (seen.marathon() ? "" : "not ") + "registered");
        }
    }

    private record Seen(long activeAgents, boolean marathon) {}

    private void run(String name, String image, String entrypoint, List<String> args, Integer published) {
        var cmd = docker.createContainerCmd(image)
                .withName(id + "-" + name)
                .withHostName(name)
                .withLabels(ClusterLabels.forComponent(id, name))
                .withAliases(name);
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(id);
        if (published != null) {
            ExposedPort port = ExposedPort.tcp(published);
            cmd.withExposedPorts(port);
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port));
        }
        cmd.withHostConfig(host);
        if (entrypoint != null) {
            cmd.withEntrypoint(entrypoint.trim().split("\\s+"));
        }
        if (!args.isEmpty()) {
            cmd.withCmd(args);
        }
        String containerId = cmd.exec().getId();
        docker.startContainerCmd(containerId).exec();
    }

    private int publishedPort(String name, int port) {
        Map<ExposedPort, Ports.Binding[]> bindings = docker.inspectContainerCmd(id + "-" + name)
                .exec()
                .getNetworkSettings()
                .getPorts()
                .getBindings();
        return Integer.parseInt(bindings.get(ExposedPort.tcp(port))[0].getHostPortSpec());
    }
}
