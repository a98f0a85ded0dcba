package io.mesosharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.MesosClusterHandle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The second class asking for {@link SmallCluster}: gets the same cluster, nothing new starts. */
@Tag("cluster")
@SmallCluster
class SharedClusterSecondTest {

    @Test
    void getsTheSameCluster(MesosClusterHandle cluster) {
        SharedClusterFirstTest.SEEN_IDS.add(cluster.id());

        assertThat(MesosClusterExtension.startsOf(SharedClusterFirstTest.smallTopology()))
                .isEqualTo(1);
        assertThat(SharedClusterFirstTest.SEEN_IDS).containsExactly(cluster.id());
    }
}
