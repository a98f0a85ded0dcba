package io.mesosharness.containers;

import java.time.Duration;
import java.util.Optional;
import org.testcontainers.utility.DockerImageName;

/**
 * A standalone ZooKeeper server, ready when it opens a real client session ({@link ZooKeeperProbe}): images differ in
 * log lines and four-letter words. {@link #getConnectString()} is for the test JVM, {@link #zkUrl} for containers.
 */
public class ZooKeeperContainer extends ComponentContainer<ZooKeeperContainer> {

    /** Images must be {@code zookeeper} or declared a compatible substitute for it. */
    public static final DockerImageName DEFAULT_IMAGE_NAME = DockerImageName.parse("zookeeper");

    public static final int CLIENT_PORT = 2181;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final String generatedAlias;

    public ZooKeeperContainer(DockerImageName dockerImageName) {
        super(dockerImageName, DEFAULT_IMAGE_NAME, "zookeeper", "zookeeper", CLIENT_PORT);
        generatedAlias =
                getNetworkAliases().isEmpty() ? null : getNetworkAliases().get(0);
        waitingFor(new PollingWaitStrategy("ZooKeeper client session", DEFAULT_STARTUP_TIMEOUT, target -> {
            ZooKeeperProbe.openSession(target.getHost(), target.getMappedPort(CLIENT_PORT), Duration.ofSeconds(1));
            return Optional.empty();
        }));
    }

    @Override
    protected String describe() {
        return "ZooKeeper";
    }

    /** For clients in the test JVM: {@code <docker host>:<published port>}, e.g. {@code localhost:49153}. */
    public String getConnectString() {
        return hostAndPort(CLIENT_PORT);
    }

    /** For containers on the same network: {@code <alias>:2181}, the first alias you gave, else the generated one. */
    public String getInternalConnectString() {
        return networkAlias() + ":" + CLIENT_PORT;
    }

    /** A ZooKeeper URL for Mesos and Marathon on the same network: {@code zk://<alias>:2181/<path>}. */
    public String zkUrl(String path) {
        String clean = path == null ? "" : path.replaceAll("^/+", "");
        if (clean.isEmpty() || clean.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Bad ZooKeeper path '" + path + "': expected e.g. mesos");
        }
        return "zk://" + getInternalConnectString() + "/" + clean;
    }

    private String networkAlias() {
        return getNetworkAliases().stream()
                .filter(a -> !a.equals(generatedAlias))
                .findFirst()
                .orElse(generatedAlias);
    }
}
