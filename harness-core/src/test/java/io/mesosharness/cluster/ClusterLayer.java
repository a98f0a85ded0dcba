package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.containers.HarnessConfiguration.Setting;
import io.mesosharness.containers.ImageAvailability;

/**
 * The cluster layer's gate for harness-core's own tests: skips the class (one line, once per JVM) when the Mesos and
 * Marathon images cannot be had, or fails it when {@code mesos.harness.require-cluster=true}.
 */
final class ClusterLayer {

    private static final AtomicBoolean SAID = new AtomicBoolean();

    private ClusterLayer() {
    }

    static HarnessConfiguration requireImages() {
        HarnessConfiguration config = HarnessConfiguration.load();
        String reason = ImageAvailability.clusterImagesUnavailable(config).orElse("");
        if (config.getBoolean(Setting.REQUIRE_CLUSTER)) {
            assertThat(reason).as("cluster images (mesos.harness.require-cluster=true)").isEmpty();
        }
        if (!reason.isEmpty() && SAID.compareAndSet(false, true)) {
            System.out.println("[cluster layer skipped] " + reason);
        }
        Assumptions.assumeTrue(reason.isEmpty(), reason);
        return config;
    }
}
