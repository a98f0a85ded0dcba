package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.topology.Topology;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** With {@link SharedClusterSecondTest}: two classes with the same topology reuse one cluster (a single start). */
@Tag("cluster")
@SmallCluster
class SharedClusterFirstTest {

    /** Ids of the clusters the classes with {@link SmallCluster} got, over the whole JVM run. */
    static final Set<String> SEEN_IDS = ConcurrentHashMap.newKeySet();

    static Topology smallTopology() {
        return ClusterRequest.find(SharedClusterFirstTest.class).orElseThrow().topology();
    }

    @Test
    void theSharedClusterWasStartedOnce(MesosClusterHandle cluster) {
        SEEN_IDS.add(cluster.id());

        assertThat(MesosClusterExtension.startsOf(smallTopology())).isEqualTo(1);
        assertThat(SEEN_IDS).containsExactly(cluster.id());
        assertThat(cluster.isExternal()).isFalse();
        assertThat(cluster.marathon().ping()).isTrue();
    }
}
