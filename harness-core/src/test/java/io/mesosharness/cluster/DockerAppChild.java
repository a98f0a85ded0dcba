package io.mesosharness.cluster;

import io.mesosharness.assertions.Waits;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.topology.AgentGroup;
import io.mesosharness.topology.Topology;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link LocalClusterDockerAppsTest}: starts a cluster with a Docker-containerizer agent, runs
 * a Docker app on it, prints {@code WORKDIR <dir>} lines and {@code READY <cluster id>}, then waits to be killed.
 */
public final class DockerAppChild {

    /** The child, its cluster id and its agents' work dirs on the Docker host. */
    record Started(Process process, String clusterId, List<String> workDirs) {}

    public static void main(String[] args) throws Exception {
        String image = args[0];
        LocalCluster cluster = LocalCluster.start(
                Topology.builder()
                        .name("docker-sweep")
                        .agent(AgentGroup.named(LocalClusterDockerAppsTest.DOCKER_AGENT)
                                .containerizers("docker", "mesos"))
                        .build(),
                HarnessConfiguration.load(),
                line -> {});
        Waits.deployAndAwait(
                cluster,
                MarathonApp.fromResource(
                        "apps/docker-bridge.json",
                        Map.of(
                                "id",
                                "/swept",
                                "image",
                                image,
                                "agent",
                                LocalClusterDockerAppsTest.DOCKER_AGENT,
                                "label",
                                "swept")));
        for (String dir : DockerTaskContainers.workDirs(cluster.id())) {
            System.out.println("WORKDIR " + dir);
        }
        System.out.println("READY " + cluster.id());
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until killed
    }

    static Started start(String image) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), DockerAppChild.class.getName(), image)
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> workDirs = new ArrayList<>();
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("WORKDIR ")) {
                workDirs.add(line.substring("WORKDIR ".length()));
            } else if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> {}));
                drain.setDaemon(true);
                drain.start();
                return new Started(child, line.substring("READY ".length()), List.copyOf(workDirs));
            }
        }
        throw new AssertionError("child JVM ended before READY:\n" + seen);
    }

    private DockerAppChild() {}
}
