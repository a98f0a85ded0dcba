package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.mesosharness.containers.HarnessConfiguration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Fixed addresses on the cluster network: a container keeps its address and alias across a network cut and a
 * restart (Mesos resolves addresses once, at start), and two clusters get networks that do not overlap.
 */
@Tag("docker")
class ClusterNetworkTest {

    private final DockerClient docker = DockerClientFactory.lazyClient();

    @Test
    void aContainerKeepsItsAddressAcrossANetworkCutAndARestart() {
        String id = ClusterLabels.newClusterId("network");
        ClusterNetwork network = ClusterNetwork.create(id);
        try (GenericContainer<?> c = network.attach(
                        new GenericContainer<>(HarnessConfiguration.load().zookeeperImage()),
                        ClusterNetwork.FIRST_AGENT + 300)
                .withNetworkAliases("a1")
                .withLabels(ClusterLabels.forComponent(id, "agent"))
                .withCreateContainerCmdModifier(
                        cmd -> cmd.withEntrypoint(List.of("sleep", "600")).withCmd(List.of()))) {
            c.start();
            String expected = network.address(ClusterNetwork.FIRST_AGENT + 300);
            assertThat(endpoint(c, id).getIpAddress()).isEqualTo(expected);
            assertThat(endpoint(c, id).getAliases()).contains("a1");

            docker.disconnectFromNetworkCmd()
                    .withNetworkId(network.getId())
                    .withContainerId(c.getContainerId())
                    .withForce(true)
                    .exec();
            docker.connectToNetworkCmd()
                    .withNetworkId(network.getId())
                    .withContainerId(c.getContainerId())
                    .withContainerNetwork(network.endpoint("a1", ClusterNetwork.FIRST_AGENT + 300))
                    .exec();
            assertThat(endpoint(c, id).getIpAddress())
                    .as("address after reconnect")
                    .isEqualTo(expected);
            assertThat(endpoint(c, id).getAliases()).contains("a1");

            docker.restartContainerCmd(c.getContainerId()).withTimeout(0).exec();
            assertThat(endpoint(c, id).getIpAddress())
                    .as("address after restart")
                    .isEqualTo(expected);
        } finally {
            new DockerJanitor().removeCluster(id);
        }
    }

    @Test
    void twoClustersGetSeparateNetworks() {
        String one = ClusterLabels.newClusterId("net-one");
        String two = ClusterLabels.newClusterId("net-two");
        try {
            ClusterNetwork a = ClusterNetwork.create(one);
            ClusterNetwork b = ClusterNetwork.create(two);

            assertThat(a.getId()).isNotEqualTo(b.getId());
            assertThat(a.address(2)).isNotEqualTo(b.address(2));
            assertThat(a.address(256 + 7)).endsWith(".7");
        } finally {
            new DockerJanitor().removeCluster(one);
            new DockerJanitor().removeCluster(two);
        }
    }

    private ContainerNetwork endpoint(GenericContainer<?> c, String networkName) {
        return docker.inspectContainerCmd(c.getContainerId())
                .exec()
                .getNetworkSettings()
                .getNetworks()
                .get(networkName);
    }
}
