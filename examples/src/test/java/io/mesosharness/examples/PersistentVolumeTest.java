package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.assertions.VolumeCheckResult;
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
        VolumeCheckResult result = assertThat(cluster)
                .app("/db")
                .keepsVolumeDataAcrossTaskKill("data")
                .volumeCheckResult();

        // and the test can go on from what the check did: the relaunched task runs where the volume is
        assertThat(cluster.marathon().app("/db").tasks())
                .filteredOn(t -> t.id().equals(result.relaunchedTask()))
                .singleElement()
                .satisfies(t -> assertThat(t.host()).isEqualTo(result.agent()));
        assertThat(cluster.marathon().app("/db").volumes())
                .anySatisfy(v -> assertThat(v.containerPath()).isEqualTo("data"));
    }
}
