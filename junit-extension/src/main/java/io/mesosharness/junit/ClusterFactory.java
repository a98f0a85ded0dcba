package io.mesosharness.junit;

import io.mesosharness.cluster.ExternalCluster;
import io.mesosharness.cluster.LocalCluster;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.ImageAvailability;
import io.mesosharness.topology.Topology;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Where the extension gets clusters from, and how it checks that Docker and the images are there. The defaults use
 * {@link LocalCluster} and {@link ExternalCluster}; tests of the extension itself plug a fake through the
 * configuration parameter {@value #PARAMETER} (a class name; the class needs a no-argument constructor).
 */
interface ClusterFactory {

    /** Configuration parameter naming a replacement factory class (for testing the extension). */
    String PARAMETER = "mesos.harness.junit.cluster-factory";

    /** One instance per factory class name, so that a factory keeps its state over test runs of one JVM. */
    Map<String, ClusterFactory> INSTANCES = new ConcurrentHashMap<>();

    /** Empty when a Docker engine answers and the cluster images are there; else the one-line reason. */
    default Optional<String> unavailable(HarnessConfiguration config) {
        return ImageAvailability.clusterImagesUnavailable(config); // Docker first, then the images
    }

    /** Starts a local cluster (may take minutes); throws when it does not become ready. */
    default MesosClusterHandle start(Topology topology, HarnessConfiguration config, Consumer<String> progress) {
        return LocalCluster.start(topology, config, progress);
    }

    default MesosClusterHandle connect(HarnessConfiguration.ExternalUrls urls) {
        return ExternalCluster.connect(urls.mesosUrl(), urls.marathonUrl());
    }

    /** Keeps a local cluster after the JVM ends; the text says how to reach and remove it. */
    default String retain(MesosClusterHandle cluster) {
        return cluster.retain();
    }

    /** The factory the configuration parameter names, or the default. */
    static ClusterFactory named(Optional<String> className) {
        String name = className.map(String::trim).orElse("");
        return INSTANCES.computeIfAbsent(name, n -> {
            if (n.isEmpty()) {
                return new ClusterFactory() {};
            }
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> type = Class.forName(n, true, loader != null ? loader : ClusterFactory.class.getClassLoader());
                Constructor<?> constructor = type.getDeclaredConstructor();
                constructor.setAccessible(true);
                return (ClusterFactory) constructor.newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new ExtensionConfigurationException(
                        "Bad configuration parameter " + PARAMETER + "='" + n
                                + "': not a ClusterFactory class with a no-argument constructor (" + e + ")",
                        e);
            }
        });
    }
}
