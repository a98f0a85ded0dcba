package io.mesosharness.cluster;

import io.mesosharness.containers.HarnessConfiguration;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Run in a child JVM by {@link DockerJanitorTest}: creates a labelled network, volume and container for a
 * cluster through the harness's own code, prints READY, then either exits normally ("exit") or waits to be killed.
 */
public final class LeftoverMaker {

    public static void main(String[] args) throws Exception {
        String clusterId = args[0];
        String mode = args[1];
        DockerJanitor.removeAtExit(clusterId);
        ClusterNetwork network = ClusterNetwork.create(clusterId);
        DockerClientFactory.lazyClient()
                .createVolumeCmd()
                .withName(clusterId + "-data")
                .withLabels(ClusterLabels.forComponent(clusterId, "volume"))
                .exec();
        GenericContainer<?> container = network.attach(
                        new GenericContainer<>(HarnessConfiguration.load().zookeeperImage()),
                        ClusterNetwork.FIRST_AGENT)
                .withLabels(ClusterLabels.forComponent(clusterId, "agent"))
                .withCreateContainerCmdModifier(
                        cmd -> cmd.withEntrypoint(List.of("sleep", "600")).withCmd(List.of()))
                .withStartupAttempts(1);
        container.start();
        System.out.println("READY");
        System.out.flush();
        if ("exit".equals(mode)) {
            System.exit(0);
        }
        Thread.sleep(600_000);
    }
}
