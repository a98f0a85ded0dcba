package io.mesosharness.containers;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.testcontainers.DockerClientFactory;

/**
 * The JVM that {@link RemoteDockerEngineTest} runs in a network namespace of its own, with {@code DOCKER_HOST} pointing
 * at the engine over TCP: starts ZooKeeper and talks to it where the harness says it is. Prints {@code key=value}
 * lines for the test to check; exit code 0 when ZooKeeper started and answered, 1 when the start failed.
 *
 * <p>Arguments: the cluster label to put on the container (the test removes by it), and {@code harness} (the
 * library's port binding) or {@code loopback} (the binding before issue 13: published on 127.0.0.1 only).
 */
final class RemoteEngineChild {

    private RemoteEngineChild() {}

    public static void main(String[] args) {
        String label = args[0];
        boolean loopbackOnly = args[1].equals("loopback");
        System.out.println("docker-host="
                + DockerClientFactory.instance().getTransportConfig().getDockerHost());
        System.out.println("host=" + DockerClientFactory.instance().dockerHostIpAddress());
        ZooKeeperContainer zk = new ZooKeeperContainer(
                        HarnessConfiguration.load().zookeeperImage())
                .withClusterName(label)
                .withLabel("io.mesosharness.cluster", label);
        if (loopbackOnly) {
            zk.withStartupTimeout(Duration.ofSeconds(8))
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withPortBindings(new PortBinding(
                                    Ports.Binding.bindIpAndPort("127.0.0.1", ComponentContainer.freePort("127.0.0.1")),
                                    ExposedPort.tcp(ZooKeeperContainer.CLIENT_PORT))));
        }
        try {
            zk.start();
            int port = zk.getMappedPort(ZooKeeperContainer.CLIENT_PORT);
            System.out.println("connect=" + zk.getConnectString());
            System.out.println("bound="
                    + zk.getContainerInfo()
                            .getHostConfig()
                            .getPortBindings()
                            .getBindings()
                            .get(ExposedPort.tcp(ZooKeeperContainer.CLIENT_PORT))[0]
                            .getHostIp());
            System.out.println("session="
                    + Long.toHexString(ZooKeeperContainer.openSession(zk.getHost(), port, Duration.ofSeconds(5))));
            // the address the harness used before: this namespace's own loopback, where nothing listens
            System.out.println("loopback-address=" + (connects("127.0.0.1", port) ? "connected" : "refused"));
            zk.stop();
            System.exit(0);
        } catch (RuntimeException | IOException e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(chain.length() == 0 ? "" : " <- ").append(t.getMessage());
            }
            System.out.println("failed=" + chain.toString().replace('\n', ' '));
            zk.stop();
            System.exit(1);
        }
    }

    private static boolean connects(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
