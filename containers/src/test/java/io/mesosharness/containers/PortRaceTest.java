package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The race between choosing a host port and Docker binding it: another process takes the chosen port first, and the
 * start still succeeds, on another port that stays the container's across a Docker restart.
 */
@Tag("docker")
class PortRaceTest {

    @BeforeAll
    static void docker() {
        assertThat(ImageAvailability.dockerUnavailable())
                .as("the docker layer needs a Docker engine (scripts/prepare-docker.sh starts one)")
                .isEmpty();
    }

    @Test
    void aPortTakenBetweenChoosingAndBindingItIsReplacedByAnother() throws Exception {
        // another process holds the port on every interface, as a port probed free a moment ago can be by now
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
                ZooKeeperContainer zk = new ZooKeeperContainer(
                                HarnessConfiguration.load().zookeeperImage())
                        .withClusterName("port-race")) {
            int takenPort = taken.getLocalPort();
            AtomicInteger chosen = new AtomicInteger();
            zk.hostPorts(() -> chosen.incrementAndGet() == 1
                    ? takenPort
                    : ComponentContainer.freePort(ComponentContainer.bindAddress(zk.getHost())));

            zk.start();

            int port = zk.getMappedPort(ZooKeeperContainer.CLIENT_PORT);
            assertThat(chosen)
                    .as("host ports chosen: the taken one, then one more")
                    .hasValue(2);
            assertThat(port).isNotEqualTo(takenPort);
            assertThat(ZooKeeperContainer.openSession(zk.getHost(), port, Duration.ofSeconds(2)))
                    .isNotZero();

            // the new port is fixed in the container's configuration: a Docker restart keeps it
            zk.getDockerClient()
                    .restartContainerCmd(zk.getContainerId())
                    .withTimeout(1)
                    .exec();
            Ports.Binding[] bindings = zk.getDockerClient()
                    .inspectContainerCmd(zk.getContainerId())
                    .exec()
                    .getNetworkSettings()
                    .getPorts()
                    .getBindings()
                    .get(ExposedPort.tcp(ZooKeeperContainer.CLIENT_PORT));
            assertThat(bindings).isNotEmpty();
            assertThat(Integer.parseInt(bindings[0].getHostPortSpec())).isEqualTo(port);
        }
    }
}
