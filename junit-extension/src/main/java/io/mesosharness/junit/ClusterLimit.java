package io.mesosharness.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The cap on shared clusters running at the same time in one JVM: {@value #PROPERTY} as a JUnit configuration
 * parameter, else a system property, else the environment variable {@value #ENVIRONMENT}; default
 * {@value #DEFAULT}.
 */
final class ClusterLimit {

    static final String PROPERTY = "mesos.harness.max-shared-clusters";
    static final String ENVIRONMENT = "MESOS_HARNESS_MAX_SHARED_CLUSTERS";
    static final int DEFAULT = 3;

    private ClusterLimit() {}

    static int maxSharedClusters(ExtensionContext context) {
        Optional<String> junit = context.getConfigurationParameter(PROPERTY).filter(v -> !v.isBlank());
        if (junit.isPresent()) {
            return parse(junit.get(), "JUnit configuration parameter " + PROPERTY);
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(property, "system property " + PROPERTY);
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return parse(env, "environment variable " + ENVIRONMENT);
        }
        return DEFAULT;
    }

    static int parse(String value, String source) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExtensionConfigurationException(PROPERTY + " = '" + value + "' (" + source
                + "): must be a whole number >= 1, how many shared clusters may run at the same time");
    }
}
