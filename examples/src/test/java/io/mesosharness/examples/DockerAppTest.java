package io.mesosharness.examples;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;

import io.mesosharness.assertions.Waits;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import io.mesosharness.marathon.MarathonApp;
import io.mesosharness.marathon.MarathonTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The team's Docker image as a Marathon app: {@code container.type: DOCKER}, BRIDGE networking with a port mapping,
 * a MESOS_HTTP health check (apps/docker-web.json). The agent opts in to the Docker containerizer; the agent image
 * needs a docker CLI and curl (docs/DOCKER-APPS.md). The image must be on the Docker host ({@code forcePullImage:
 * false}): {@code -Dmesos.harness.example.app-image=team/web:1.4}, by default the harness's ZooKeeper image.
 */
@Tag("cluster")
@MesosCluster(
        name = "docker-apps",
        agents =
                @Agent(
                        name = "docker-1",
                        containerizers = {"docker", "mesos"}))
class DockerAppTest {

    @Test
    void theTeamsImageIsHealthyAndAnswersAtThePortMarathonReports(MesosClusterHandle cluster) throws Exception {
        // given: the app definition the team ships, with the image of this build
        String image = System.getProperty(
                "mesos.harness.example.app-image",
                HarnessConfiguration.load().zookeeperImage().asCanonicalNameString());
        MarathonApp app = MarathonApp.fromResource("apps/docker-web.json", Map.of("APP_IMAGE", image));

        // when
        Waits.deployAndAwait(cluster, app);

        // then: healthy through the HTTP check Mesos runs inside the container's network
        assertThat(cluster).app("/docker-web").becomesHealthy().hasHealthyInstances(1);
        // and the container port is published on the Docker host, at the host port Marathon reports
        MarathonTask task = cluster.marathon().appTasks("/docker-web").get(0);
        URI url = URI.create("http://" + DockerClientFactory.instance().dockerHostIpAddress() + ":"
                + task.ports().get(0) + "/");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(response.body()).isEqualTo("hello from the team's image");
    }
}
