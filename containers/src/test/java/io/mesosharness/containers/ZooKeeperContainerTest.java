package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/** Starts the configured ZooKeeper image through {@link ZooKeeperContainer} and talks to it with the real client. */
@Tag("docker")
class ZooKeeperContainerTest {

    @BeforeAll
    static void docker() {
        assertThat(ImageAvailability.dockerUnavailable())
                .as("the docker layer needs a Docker engine (scripts/prepare-docker.sh starts one)")
                .isEmpty();
    }

    @Test
    void servesAClientWriteAndReadOnItsPublishedPort() throws Exception {
        try (Network network = Network.newNetwork();
                ZooKeeperContainer zk = new ZooKeeperContainer(
                                HarnessConfiguration.load().zookeeperImage())
                        .withNetwork(network)
                        .withNetworkAliases("zk")
                        .withClusterName("zk-test")) {
            long start = System.nanoTime();
            zk.start();
            long startedMillis = (System.nanoTime() - start) / 1_000_000;
            // addressed where Testcontainers reaches the engine (localhost here, see the pom's local-docker-engine)
            assertThat(zk.getConnectString()).isEqualTo(zk.getHost() + ":" + zk.getMappedPort(2181));
            assertThat(zk.getInternalConnectString()).isEqualTo("zk:2181");
            assertThat(zk.zkUrl("mesos")).isEqualTo("zk://zk:2181/mesos");
            Ports.Binding[] bindings = zk.getContainerInfo()
                    .getHostConfig()
                    .getPortBindings()
                    .getBindings()
                    .get(ExposedPort.tcp(ZooKeeperContainer.CLIENT_PORT));
            assertThat(bindings).hasSize(1);
            // loopback only when the engine is reached on loopback
            assertThat(bindings[0].getHostIp()).isEqualTo(ComponentContainer.bindAddress(zk.getHost()));
            assertThat(Integer.parseInt(bindings[0].getHostPortSpec())).isEqualTo(zk.getMappedPort(2181));

            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper client = new ZooKeeper(zk.getConnectString(), 10_000, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            try {
                assertThat(connected.await(10, TimeUnit.SECONDS))
                        .as("client connected")
                        .isTrue();
                client.create(
                        "/mesos-harness",
                        "hello".getBytes(StandardCharsets.UTF_8),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                byte[] read = client.getData("/mesos-harness", false, null);
                assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("hello");
            } finally {
                client.close();
            }
            // The probe the wait strategy uses opens a real session on the running server.
            assertThat(ZooKeeperContainer.openSession(zk.getHost(), zk.getMappedPort(2181), Duration.ofSeconds(2)))
                    .isNotZero();
            System.out.println("ZooKeeper ready after " + startedMillis + " ms");
        }
    }

    @Test
    void waitFailsQuicklyAndClearlyWhenTheContainerIsNotZooKeeper() {
        DockerImageName notZooKeeper =
                DockerImageName.parse("mesos-harness/debian:bookworm").asCompatibleSubstituteFor("zookeeper");
        try (ZooKeeperContainer zk = new ZooKeeperContainer(notZooKeeper)
                .withCommand("sleep", "300")
                .withStartupTimeout(Duration.ofSeconds(3))) {
            long start = System.nanoTime();
            assertThatThrownBy(zk::start)
                    .satisfies(e -> assertThat(causes(e))
                            .contains("ZooKeeper client session was not ready within 3000 ms")
                            .contains("closed the connection without answering a ZooKeeper ConnectRequest"));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).as("time to fail").isLessThan(20_000);
        }
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append('\n');
        }
        return b.toString();
    }
}
