package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import java.time.Duration;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Checks of one Marathon group, from {@code MesosHarnessAssertions.assertThat(cluster).group("/stack")}; the id lies
 * in the handle's app namespace like app ids.
 */
public final class GroupAssert extends AbstractAssert<GroupAssert, String> {

    private final MesosClusterHandle cluster;
    private Duration timeout;

    GroupAssert(MesosClusterHandle cluster, String groupId, Duration timeout) {
        super(Objects.requireNonNull(cluster, "cluster").marathon().qualify(groupId), GroupAssert.class);
        this.cluster = cluster;
        this.timeout = Waits.positive(timeout);
    }

    /** Timeout of the following waiting checks on this assert. */
    public GroupAssert within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return myself;
    }

    /** The group exists and every app and pod in it and its sub-groups is deployed (waits), as for one app or pod. */
    public GroupAssert isDeployed() {
        try {
            Waits.awaitGroupDeployed(cluster, actual, null, timeout);
        } catch (WaitFailedError e) {
            failWithMessage("%s", e.getMessage());
        }
        return myself;
    }
}
