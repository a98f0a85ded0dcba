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
 * Where the extension gets clusters from, and how it checks that Docker and the images are there. The default uses
 * {@link LocalCluster} and {@link ExternalCluster}; tests of the extension itself plug a fake through the
 * configuration parameter {@value #PARAMETER} (a class name; the class needs a no-argument constructor).
 */
interface ClusterFactory {

    /** Configuration parameter naming a replacement factory class (for testing the extension). */
    String PARAMETER = "mesos.harness.junit.cluster-factory";

    /** Empty when a Docker engine answers; else the reason. */
    Optional<String> dockerUnavailable();

    /** Empty when the cluster images are available; else the one-line reason. */
    Optional<String> imagesUnavailable(HarnessConfiguration config);

    /** Starts a local cluster (may take minutes); throws when it does not become ready. */
    MesosClusterHandle start(Topology topology, HarnessConfiguration config, Consumer<String> progress);

    /** Connects to an existing cluster. */
    MesosClusterHandle connect(HarnessConfiguration.ExternalUrls urls);

    /** Keeps the cluster after the JVM ends; the text says how to reach and remove it. Empty if it cannot be kept. */
    Optional<String> retain(MesosClusterHandle cluster);

    /** One instance per factory class name, so that a factory keeps its state over test runs of one JVM. */
    Map<String, ClusterFactory> INSTANCES = new ConcurrentHashMap<>();

    /** The factory the configuration parameter names, or the default. */
    static ClusterFactory named(Optional<String> className) {
        return className
                .map(String::trim)
                .filter(n -> !n.isEmpty())
                .map(n -> INSTANCES.computeIfAbsent(n, name -> {
                    try {
                        ClassLoader loader = Thread.currentThread().getContextClassLoader();
                        Class<?> type = Class.forName(
                                name, true, loader != null ? loader : ClusterFactory.class.getClassLoader());
                        Constructor<?> constructor = type.getDeclaredConstructor();
                        constructor.setAccessible(true);
                        return (ClusterFactory) constructor.newInstance();
                    } catch (ReflectiveOperationException | ClassCastException e) {
                        throw new ExtensionConfigurationException(
                                "Bad configuration parameter " + PARAMETER + "='" + name
                                        + "': not a ClusterFactory class with a no-argument constructor (" + e + ")",
                                e);
                    }
                }))
                .orElseGet(() -> INSTANCES.computeIfAbsent("", n -> new Default()));
    }

    /** Docker via {@link LocalCluster}, external clusters via {@link ExternalCluster}. */
    final class Default implements ClusterFactory {

        @Override
        public Optional<String> dockerUnavailable() {
            return ImageAvailability.dockerUnavailable();
        }

        @Override
        public Optional<String> imagesUnavailable(HarnessConfiguration config) {
            return ImageAvailability.clusterImagesUnavailable(config);
        }

        @Override
        public MesosClusterHandle start(Topology topology, HarnessConfiguration config, Consumer<String> progress) {
            return LocalCluster.start(topology, config, progress);
        }

        @Override
        public MesosClusterHandle connect(HarnessConfiguration.ExternalUrls urls) {
            return ExternalCluster.connect(urls.mesosUrl(), urls.marathonUrl());
        }

        @Override
        public Optional<String> retain(MesosClusterHandle cluster) {
            return cluster.isExternal() ? Optional.empty() : Optional.of(cluster.retain());
        }

        @Override
        public String toString() {
            return "LocalCluster/ExternalCluster";
        }
    }
}
