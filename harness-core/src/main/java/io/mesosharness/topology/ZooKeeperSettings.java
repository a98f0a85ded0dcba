package io.mesosharness.topology;

import io.mesosharness.containers.ImageNames;
import java.util.Objects;
import java.util.Optional;

/** How ZooKeeper is started; by default with the image the harness configuration names. */
public final class ZooKeeperSettings {
    private static final ZooKeeperSettings DEFAULTS = new ZooKeeperSettings(null);

    private final String image;

    private ZooKeeperSettings(String image) {
        this.image = image;
    }

    /** No overrides. */
    public static ZooKeeperSettings defaults() {
        return DEFAULTS;
    }

    /** Settings that use this image instead of the configured one, e.g. {@code zookeeper:3.9}. */
    public static ZooKeeperSettings withImage(String image) {
        Optional<String> problem = ImageNames.problem(image);
        if (problem.isPresent()) {
            throw new TopologyException(
                    "zookeeper.image",
                    "bad image '" + image + "': " + problem.get() + "; expected e.g. 'zookeeper:3.9'");
        }
        return new ZooKeeperSettings(image.strip());
    }

    /** The image to use instead of the configured one, if any. */
    public Optional<String> image() {
        return Optional.ofNullable(image);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZooKeeperSettings && Objects.equals(image, ((ZooKeeperSettings) o).image);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(image);
    }

    @Override
    public String toString() {
        return "ZooKeeperSettings{image=" + (image == null ? "(configured)" : image) + "}";
    }
}
