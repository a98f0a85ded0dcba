package io.mesosharness.cluster;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.ZooKeeperContainer;
import java.util.List;
import org.testcontainers.containers.GenericContainer;

/**
 * Run in a child JVM by {@link RetainSurvivesJvmExitTest}: starts a labelled network and ZooKeeper the way a local
 * cluster does, retains the cluster, prints READY and exits normally, so that every shutdown hook runs (the harness's
 * and Testcontainers' own). With "unprotected" the container keeps Testcontainers' cleanup: the control case; with
 * "with-control" a second, unprotected container runs beside the protected ZooKeeper (for the Ryuk case).
 */
public final class RetainingChild {

    public static void main(String[] args) {
        String clusterId = args[0];
        boolean protect = !"unprotected".equals(args[1]);
        DockerJanitor.removeAtExit(clusterId);
        ClusterNetwork network = ClusterNetwork.create(clusterId);
        ZooKeeperContainer zookeeper = network.attach(
                        new ZooKeeperContainer(HarnessConfiguration.load().zookeeperImage()), ClusterNetwork.ZOOKEEPER)
                .withNetworkAliases("zookeeper");
        zookeeper.withLabels(ClusterLabels.forComponent(clusterId, "zookeeper"));
        if (protect) {
            zookeeper.withTestcontainersCleanupDisabled();
        }
        zookeeper.start();
        if ("with-control".equals(args[1])) {
            GenericContainer<?> control = new GenericContainer<>(
                            HarnessConfiguration.load().zookeeperImage())
                    .withLabels(ClusterLabels.forComponent(clusterId, "control"))
                    .withCreateContainerCmdModifier(
                            cmd -> cmd.withEntrypoint(List.of("sleep", "600")).withCmd(List.of()));
            control.start();
        }
        DockerJanitor.retain(clusterId);
        System.out.println("READY " + zookeeper.getConnectString());
        System.out.flush();
        System.exit(0);
    }
}
