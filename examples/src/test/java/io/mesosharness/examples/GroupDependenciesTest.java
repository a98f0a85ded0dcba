package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.marathon.MarathonGroup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A whole stack deployed as one Marathon group, as the team deploys it (groups/stack.json): a database with Marathon's
 * own HTTP health check, an API that depends on it and a web tier that depends on the API. Marathon starts each only
 * after what it depends on runs and is healthy. On this shared cluster the class works in an app namespace: the
 * group's ids and its dependencies are put in it, the test keeps writing the production ids.
 */
@Tag("cluster")
@TwoRacks
class GroupDependenciesTest {

    @Test
    void theStackStartsInTheOrderItsDependenciesSay(MesosClusterHandle cluster) {
        // given: the group the team deploys
        MarathonGroup stack = MarathonGroup.fromResource("groups/stack.json");

        // when
        Waits.deployAndAwait(cluster, stack);

        // then: every app is deployed, the database healthy
        assertThat(cluster).group("/stack").isDeployed();
        assertThat(cluster).app("/stack/db").hasHealthyInstances(1);
        // and: each tier started only once the one below it was ready
        assertThat(cluster).app("/stack/api").startedAfter("/stack/db");
        assertThat(cluster).app("/stack/web").startedAfter("/stack/api").hasRunningInstances(2);
    }
}
