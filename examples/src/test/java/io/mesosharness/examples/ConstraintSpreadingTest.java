package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Does the app spread over the fleet the way its constraints say? One test per question a team asks. */
@Tag("cluster")
@TwoRacks
class ConstraintSpreadingTest {

    private static MarathonApp app(String id, int instances) {
        return MarathonApp.command(id, "while true; do sleep 5; done")
                .withInstances(instances)
                .withCpus(0.1)
                .withMem(32);
    }

    @Test
    void oneTaskPerHost(MesosClusterHandle cluster) {
        Waits.deployAndAwait(cluster, app("/unique", 4).withConstraint("hostname", "UNIQUE"));

        assertThat(cluster).app("/unique").satisfiesItsConstraints().hasAtMostPerAgent(1);
    }

    @Test
    void evenlyOverRacks(MesosClusterHandle cluster) {
        Waits.deployAndAwait(cluster, app("/by-rack", 4).withConstraint("rack", "GROUP_BY", "2"));

        assertThat(cluster).app("/by-rack").satisfiesItsConstraints().isSpreadEvenlyBy("rack");
    }

    @Test
    void onlyOnStorageNodes(MesosClusterHandle cluster) {
        Waits.deployAndAwait(cluster, app("/store", 2).withConstraint("node", "LIKE", "stor.*"));

        assertThat(cluster).app("/store").satisfiesItsConstraints().runsOnlyOn("node", "storage");
    }

    @Test
    void atMostOnePerRack(MesosClusterHandle cluster) {
        Waits.deployAndAwait(cluster, app("/per-rack", 2).withConstraint("rack", "MAX_PER", "1"));

        assertThat(cluster).app("/per-rack").satisfiesItsConstraints().isSpreadOver("rack", 2);
    }
}
