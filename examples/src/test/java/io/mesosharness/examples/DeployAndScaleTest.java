package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.TaskSetChange;
import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonApp;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Deploy the app definition the team ships, then scale it up and down. Also runs against an external cluster. */
@Tag("cluster")
@TwoRacks
class DeployAndScaleTest {

    @Test
    void deploysAndScales(MesosClusterHandle cluster) {
        // given: the production app definition, with an environment-specific value filled in
        MarathonApp web = MarathonApp.fromResource("apps/web.json", Map.of("WEB_INSTANCES", "2"));

        // when
        Waits.deployAndAwait(cluster, web);
        TaskSetChange up = Waits.scaleAndAwait(cluster, "/web", 4);

        // then
        org.assertj.core.api.Assertions.assertThat(up.added()).hasSize(2);
        assertThat(cluster)
                .app("/web")
                .isDeployed()
                .hasRunningInstances(4)
                .satisfiesItsConstraints()
                .isSpreadOver("rack", 2);

        Waits.scaleAndAwait(cluster, "/web", 1);
        assertThat(cluster).app("/web").hasRunningInstances(1);
    }
}
