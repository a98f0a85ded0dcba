package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.MarathonApp;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Production layouts reproduced locally: from a topology file, and from the team's Ansible inventory. Each topology
 * is used once, so neither cluster is shared (it stops when its class ends). */
@Tag("cluster")
class ProductionTopologyTest {

    @Nested
    @MesosCluster(topology = "prod-like.yml", shared = false)
    class FromYaml {
        @Test
        void computeTierSpreadsOverTheComputeNodes(MesosClusterHandle cluster) {
            assertThat(cluster.agents())
                    .extracting(AgentHandle::name)
                    .containsExactly("compute-1", "compute-2", "compute-3", "storage");

            Waits.deployAndAwait(
                    cluster,
                    MarathonApp.command("/api", "sleep 600")
                            .withInstances(3)
                            .withCpus(0.1)
                            .withMem(32)
                            .withConstraint("type", "CLUSTER", "compute")
                            .withConstraint("hostname", "UNIQUE"));

            assertThat(cluster).app("/api").satisfiesItsConstraints().runsOnlyOn("type", "compute");
        }
    }

    @Nested
    @MesosCluster(topology = "inventory/hosts", shared = false)
    class FromAnsibleInventory {
        @Test
        void storageTierLandsOnTheStorageHost(MesosClusterHandle cluster) {
            assertThat(cluster.agent("s1").attributes()).containsEntry("type", "storage");

            Waits.deployAndAwait(
                    cluster,
                    MarathonApp.command("/store", "sleep 600")
                            .withCpus(0.1)
                            .withMem(32)
                            .withConstraint("type", "IS", "storage"));

            assertThat(cluster).app("/store").satisfiesItsConstraints().runsOnlyOn("rack", "b");
        }
    }
}
