package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.HealthCheck;
import io.mesosharness.marathon.MarathonApp;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A Docker app as 2017-era definitions write it (apps/docker-web-legacy.json): {@code container.docker.network:
 * "BRIDGE"} with {@code docker.portMappings}, and Marathon's own {@code HTTP} and {@code TCP} health checks, which
 * Marathon runs by connecting to the agent's host name and the task's host port. Two instances on two Docker agents,
 * next to a command app with an {@code HTTP} check on the same agents. How the checks reach a task whose port is
 * published on the Docker host: docs/DOCKER-APPS.md.
 */
@Tag("cluster")
@MesosCluster(
        name = "docker-health",
        agents =
                @Agent(
                        name = "dock",
                        count = 2,
                        containerizers = {"docker", "mesos"}))
class DockerMarathonHealthCheckTest {

    @Test
    void marathonsHttpAndTcpChecksPassForDockerAndCommandTasksAlike(MesosClusterHandle cluster) {
        // given: the definition as the team has it, with the image of this build
        String image = System.getProperty(
                "mesos.harness.example.app-image",
                HarnessConfiguration.load().zookeeperImage().asCanonicalNameString());
        MarathonApp docker = MarathonApp.fromResource("apps/docker-web-legacy.json", Map.of("APP_IMAGE", image));
        MarathonApp command = MarathonApp.fromResource("apps/health.json")
                .withId("/command-web")
                .withInstances(2)
                .withConstraint("hostname", "UNIQUE")
                .withHealthCheck(
                        HealthCheck.http("/").withGracePeriodSeconds(30).withIntervalSeconds(2));

        // when
        Waits.deployAndAwait(cluster, docker);
        Waits.deployAndAwait(cluster, command);

        // then: every instance passes every check Marathon runs, one instance per agent
        assertThat(cluster)
                .app("/web-legacy")
                .becomesHealthy()
                .hasHealthyInstances(2)
                .hasAtMostPerAgent(1);
        assertThat(cluster)
                .app("/command-web")
                .becomesHealthy()
                .hasHealthyInstances(2)
                .hasAtMostPerAgent(1);
    }
}
