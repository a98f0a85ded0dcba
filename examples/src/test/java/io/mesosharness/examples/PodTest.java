package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonPod;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Marathon pod (pods/shared-volume.json): two containers that Mesos' default executor starts together on one agent,
 * sharing the pod's volume {@code shared}; the writer writes a file, the reader copies what it finds there. Placed
 * on rack a by its constraint. What an agent needs for pods: docs/CHECKS.md.
 */
@Tag("cluster")
@TwoRacks
class PodTest {

    @Test
    void theContainersOfAPodShareItsVolumeOnTheRackItsConstraintNames(MesosClusterHandle cluster) {
        // given: the pod the team deploys
        MarathonPod pod = MarathonPod.fromResource("pods/shared-volume.json");

        // when
        Waits.deployAndAwait(cluster, pod);

        // then: deployed where its constraint says
        assertThat(cluster)
                .pod("/shared-pod")
                .isDeployed()
                .satisfiesItsConstraints()
                .runsOnlyOn("rack", "a");
        // and: the reader found the writer's file in the volume they share
        assertThat(cluster).pod("/shared-pod").hasVolumeFile("shared", "seen-by-reader", "hello-from-writer");
    }
}
