package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.MarathonApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Three masters: the leader dies, another takes over, the apps keep running and new ones still deploy. Skipped in
 * external mode. */
@Tag("cluster")
@MesosCluster(
        name = "ha",
        masters = 3,
        shared = false,
        agents = {@Agent(name = "a1", attributes = "rack:a"), @Agent(name = "b1", attributes = "rack:b")})
class LeaderFailoverTest {

    @Test
    void appsSurviveALeaderFailover(MesosClusterHandle cluster) {
        Assumptions.assumeFalse(cluster.isExternal(), "needs a local cluster: it stops a master");
        Waits.deployAndAwait(cluster, MarathonApp.fromResource("apps/web.json"));

        cluster.stopLeadingMaster();

        assertThat(cluster).app("/web").hasRunningInstances(2);
        Waits.deployAndAwait(
                cluster,
                MarathonApp.command("/after-failover", "sleep 600")
                        .withCpus(0.1)
                        .withMem(32));
        assertThat(cluster).app("/after-failover").isDeployed();
    }
}
