package io.mesosharness.topology;

import io.mesosharness.containers.HarnessConfiguration;
import java.util.Optional;

/**
 * How ZooKeeper is started.
 *
 * @param image the image to use instead of the configured one, if any
 */
public record ZooKeeperSettings(Optional<String> image) {
    private static final ZooKeeperSettings DEFAULTS = new ZooKeeperSettings(Optional.empty());

    public ZooKeeperSettings {
        String problem = image.flatMap(HarnessConfiguration::imageProblem).orElse(null);
        TopologyException.require(
                problem == null,
                "zookeeper.image",
                "bad image '" + image.orElse(null) + "': " + problem + "; expected e.g. 'zookeeper:3.9'");
        image = image.map(String::strip);
    }

    /** No overrides: the configured image. */
    public static ZooKeeperSettings defaults() {
        return DEFAULTS;
    }

    /** Settings that use this image instead of the configured one, e.g. {@code zookeeper:3.9}. */
    public static ZooKeeperSettings withImage(String image) {
        return new ZooKeeperSettings(Optional.of(image == null ? "" : image));
    }
}
