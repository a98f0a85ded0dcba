package io.mesosharness.junit;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.ImageSet;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Which {@link MesosImageSets image set} an extension context runs with: chosen by {@link ImageSetMatrix} in the store
 * of each class-template invocation, and read (through the store's parent chain) by the extension when it builds the
 * configuration and keys its per-class state and shared clusters. Uses no JUnit 5.13 type, so the extension still
 * loads on older JUnit versions.
 */
final class ImageSetChoice {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ImageSetChoice.class);
    private static final String KEY = "image-set";

    private ImageSetChoice() {}

    /** Records the set an invocation runs with. */
    static void choose(ExtensionContext invocation, ImageSet set) {
        invocation.getStore(NAMESPACE).put(KEY, set);
    }

    /** The set this context (or an enclosing invocation) runs with. */
    static Optional<ImageSet> of(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(KEY, ImageSet.class));
    }

    /** True for a {@link MesosImageSets} class (or one nested in it): each image set's invocation has its cluster. */
    static boolean isMatrixClass(Class<?> testClass) {
        return matrixClass(testClass).isPresent();
    }

    /**
     * True for the class-level context of a {@link MesosImageSets} class outside any invocation: the template itself,
     * which gets no cluster (each set's invocation gets its own).
     */
    static boolean isMatrixTemplate(ExtensionContext context) {
        if (context.getTestMethod().isPresent() || of(context).isPresent()) {
            return false;
        }
        return context.getTestClass().flatMap(ImageSetChoice::matrixClass).isPresent();
    }

    private static Optional<Class<?>> matrixClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (AnnotationSupport.isAnnotated(c, MesosImageSets.class)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The configuration with the chosen set's images, or unchanged outside a matrix. */
    static HarnessConfiguration apply(ExtensionContext context, HarnessConfiguration config) {
        return of(context).map(set -> set.applyTo(config)).orElse(config);
    }

    /**
     * What besides the topology makes a shared cluster: the image set's name (each set its own cluster, even with the
     * same images) and the four configured images as written (ZooKeeper, master, agent, Marathon).
     */
    static java.util.List<String> clusterKey(ExtensionContext context, HarnessConfiguration config) {
        return clusterKey(of(context), config);
    }

    /** {@link #clusterKey(ExtensionContext, HarnessConfiguration)} for a known set (empty: outside a matrix). */
    static java.util.List<String> clusterKey(Optional<ImageSet> set, HarnessConfiguration config) {
        return java.util.List.of(
                set.map(ImageSet::name).orElse(""),
                config.get(HarnessConfiguration.Setting.ZOOKEEPER_IMAGE),
                config.get(HarnessConfiguration.Setting.MESOS_MASTER_IMAGE),
                config.get(HarnessConfiguration.Setting.MESOS_AGENT_IMAGE),
                config.get(HarnessConfiguration.Setting.MARATHON_IMAGE));
    }

    /** Suffix of the per-class state key: each set's invocation has its own state. */
    static String keySuffix(ExtensionContext context) {
        return of(context).map(set -> " [image set " + set.name() + "]").orElse("");
    }
}
