package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import java.time.Duration;
import org.assertj.core.api.AbstractAssert;

/** Entry to the checks of a cluster: {@code assertThat(cluster).app("/web").isDeployed()}, {@code .group("/stack")}. */
public final class ClusterAssert extends AbstractAssert<ClusterAssert, MesosClusterHandle> {

    private Duration timeout = Waits.DEFAULT_TIMEOUT;

    ClusterAssert(MesosClusterHandle cluster) {
        super(cluster, ClusterAssert.class);
    }

    /** Default timeout of the waiting checks of the apps obtained afterwards (each can still set its own). */
    public ClusterAssert within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return myself;
    }

    /** Checks of the app, pod or group with this id ({@code /web} or {@code web}). */
    public AppAssert app(String appId) {
        isNotNull();
        return new AppAssert(actual, appId, timeout);
    }

    public PodAssert pod(String podId) {
        isNotNull();
        return new PodAssert(actual, podId, timeout);
    }

    public GroupAssert group(String groupId) {
        isNotNull();
        return new GroupAssert(actual, groupId, timeout);
    }
}
