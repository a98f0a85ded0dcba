package io.mesosharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network.Ipam;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * The one Docker network of a cluster, labelled so that it is removed with the cluster, with a subnet of its own so
 * that every container gets a fixed address. Mesos' processes resolve their own and ZooKeeper's address once, at
 * start: a container that comes back with another address (after a ZooKeeper restart, an agent reconnect) would be
 * unreachable for them. Addresses: ZooKeeper .2, Marathon .3, masters from .10, agents from .32 (up to 990 agents).
 *
 * <p>Created through docker-java rather than Testcontainers' {@code Network.builder()}, which would add
 * Testcontainers' session label: a retained cluster's network must outlive the JVM like its containers.
 */
final class ClusterNetwork implements Network {

    static final int ZOOKEEPER = 2;
    static final int MARATHON = 3;
    static final int FIRST_MASTER = 10;
    static final int FIRST_AGENT = 32;
    private static final int SIZE = 1024; // a /22
    private static final int ATTEMPTS = 20;

    private final DockerClient docker = DockerClientFactory.lazyClient();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String networkId;
    private final int a; // the network is 10.a.b.0/22
    private final int b;

    private ClusterNetwork(String networkId, int a, int b) {
        this.networkId = networkId;
        this.a = a;
        this.b = b;
    }

    /** Creates the network on a free private /22 (10.x.y.0/22), trying other ranges when one is taken. */
    static ClusterNetwork create(String clusterId) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int a = ThreadLocalRandom.current().nextInt(100, 250);
            int b = ThreadLocalRandom.current().nextInt(0, 64) * 4;
            try {
                String id = DockerClientFactory.lazyClient()
                        .createNetworkCmd()
                        .withName(clusterId)
                        .withCheckDuplicate(true)
                        .withLabels(ClusterLabels.forComponent(clusterId, "network"))
                        .withIpam(new Ipam().withConfig(new Ipam.Config().withSubnet("10." + a + "." + b + ".0/22")))
                        .exec()
                        .getId();
                return new ClusterNetwork(id, a, b);
            } catch (RuntimeException e) {
                last = e; // most likely the range overlaps another network: try another one
            }
        }
        throw new IllegalStateException(
                "Could not create the Docker network of cluster " + clusterId + " on a free "
                        + "10.x.y.0/22 range after " + ATTEMPTS + " attempts: "
                        + (last == null ? "" : last.getMessage()),
                last);
    }

    @Override
    public String getId() {
        return networkId;
    }

    /** The address of host number {@code n} (2 ≤ n < 1022) in this network. */
    String address(int n) {
        if (n < 2 || n >= SIZE - 2) {
            throw new IllegalArgumentException("Cluster network has room for hosts 2 to " + (SIZE - 3) + ", not " + n);
        }
        return "10." + a + "." + (b + n / 256) + "." + (n % 256);
    }

    /** Puts the container on this network at a fixed address. */
    <C extends GenericContainer<?>> C attach(C container, int n) {
        String ip = address(n);
        container.withNetwork(this).withCreateContainerCmdModifier(cmd -> cmd.withIpv4Address(ip));
        return container;
    }

    /** The endpoint settings to reconnect a container with: its alias and its fixed address. */
    ContainerNetwork endpoint(String alias, int n) {
        return new ContainerNetwork()
                .withAliases(alias)
                .withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(address(n)));
    }

    /** Removes the network (its containers must be gone); a network removed already is fine. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                docker.removeNetworkCmd(networkId).exec();
            } catch (NotFoundException gone) {
                // removed with the cluster's labels already
            }
        }
    }
}
