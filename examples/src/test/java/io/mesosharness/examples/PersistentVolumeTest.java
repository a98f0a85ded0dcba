package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A database keeps its data when its task dies: same agent, same local persistent volume. */
@Tag("cluster")
@TwoRacks
class PersistentVolumeTest {

    @Test
    void databaseKeepsItsDataWhenTheTaskIsKilled(MesosClusterHandle cluster) {
        // given: an app with a local persistent volume "data" (role, principal: the harness's Marathon has both)
        Waits.deployAndAwait(cluster, MarathonApp.fromResource("apps/db.json"));

        // when the task is killed / then it comes back on the same agent with the marker it wrote intact
        assertThat(cluster).app("/db").keepsVolumeDataAcrossTaskKill("data");
    }
}
