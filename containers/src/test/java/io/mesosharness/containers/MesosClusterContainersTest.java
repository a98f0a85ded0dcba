package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * ZooKeeper, one master, two agents with different attributes and Marathon on one network, started through the
 * four container classes. Skipped (with the one-line reason) where the Mesos and Marathon images cannot be had.
 */
@EnabledIf(
        value = "io.mesosharness.containers.ImageAvailability#clusterLayerEnabled",
        disabledReason = "Mesos/Marathon images not available: see the [cluster layer skipped] line")
@Tag("cluster")
class MesosClusterContainersTest {

    private static final String CLUSTER = "containers-it";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Network network;
    private static ZooKeeperContainer zk;
    private static MesosMasterContainer master;
    private static MesosAgentContainer agentA;
    private static MesosAgentContainer agentB;
    private static MarathonContainer marathon;

    @BeforeAll
    static void startCluster() {
        HarnessConfiguration config = HarnessConfiguration.load();

        network = Network.newNetwork();
        zk = new ZooKeeperContainer(config.zookeeperImage())
                .withNetwork(network)
                .withNetworkAliases("zk")
                .withClusterName(CLUSTER);
        zk.start();
        master = new MesosMasterContainer(config.mesosMasterImage())
                .withNetwork(network)
                .withHostname("cit-master")
                .withZooKeeper(zk.zkUrl("mesos"))
                .withQuorum(1)
                .withClusterName(CLUSTER);
        master.start();
        agentA = agent(config, "cit-agent-a", "rack:a;zone:z1", "cpus:1;mem:512;disk:1024;ports:[31000-31099]");
        agentB = agent(config, "cit-agent-b", "rack:b;zone:z2", "cpus:2;mem:768;disk:2048;ports:[32000-32099]");
        Startables.deepStart(agentA, agentB).join();
        marathon = new MarathonContainer(config.marathonImage())
                .withNetwork(network)
                .withHostname("cit-marathon")
                .withMaster(zk.zkUrl("mesos"))
                .withZooKeeper(zk.zkUrl("marathon-" + CLUSTER))
                .withClusterName(CLUSTER);
        marathon.start();
    }

    private static MesosAgentContainer agent(
            HarnessConfiguration config, String hostname, String attributes, String resources) {
        return new MesosAgentContainer(config.mesosAgentImage())
                .withNetwork(network)
                .withHostname(hostname)
                .withMaster(zk.zkUrl("mesos"))
                .withAttributes(attributes)
                .withResources(resources)
                .withMasterApiUrl(master.getMasterUrl())
                .withClusterName(CLUSTER);
    }

    @AfterAll
    static void stopCluster() {
        List<GenericContainer<?>> started = new ArrayList<>();
        for (GenericContainer<?> c : new GenericContainer<?>[] {marathon, agentB, agentA, master, zk}) {
            if (c != null) {
                started.add(c);
            }
        }
        started.forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
    }

    @Test
    void bothAgentsAreRegisteredWithTheirAttributesAndResources() throws Exception {
        JsonNode slaves = get(master.getMasterUrl() + "/master/slaves").path("slaves");
        for (MesosAgentContainer agent : List.of(agentA, agentB)) {
            JsonNode entry = null;
            for (JsonNode s : slaves) {
                if (s.path("hostname").asText().equals(agent.getHostname())) {
                    entry = s;
                }
            }
            assertThat(entry)
                    .as("agent %s in /master/slaves", agent.getHostname())
                    .isNotNull();
            assertThat(entry.path("active").asBoolean()).isTrue();
            Map<String, String> attributes = agent.getAttributes().asMap();
            JsonNode reported = entry.path("attributes");
            assertThat(reported.size()).isEqualTo(attributes.size());
            for (Map.Entry<String, String> a : attributes.entrySet()) {
                assertThat(reported.path(a.getKey()).asText())
                        .as("attribute %s of %s", a.getKey(), agent.getHostname())
                        .isEqualTo(a.getValue());
            }
            JsonNode resources = entry.path("resources");
            MesosResources expected = agent.getResources();
            assertThat(resources.path("cpus").asDouble()).isEqualTo(expected.scalar("cpus"));
            assertThat(resources.path("mem").asDouble()).isEqualTo(expected.scalar("mem"));
            assertThat(resources.path("disk").asDouble()).isEqualTo(expected.scalar("disk"));
            assertThat(resources.path("ports").asText())
                    .isEqualTo(expected.get("ports").orElseThrow().render());
        }
    }

    @Test
    void marathonIsRegisteredAsAFramework() throws Exception {
        String frameworkId =
                get(marathon.getMarathonUrl() + "/v2/info").path("frameworkId").asText();
        assertThat(frameworkId).isNotBlank();
        JsonNode frameworks = get(master.getMasterUrl() + "/master/frameworks").path("frameworks");
        JsonNode found = null;
        for (JsonNode f : frameworks) {
            if (f.path("id").asText().equals(frameworkId)) {
                found = f;
            }
        }
        assertThat(found).as("framework %s in /master/frameworks", frameworkId).isNotNull();
        assertThat(found.path("name").asText()).isEqualTo("marathon");
        assertThat(found.path("active").asBoolean()).isTrue();
        // Marathon 1.8 registers with "role"; 1.9+ registers multi-role, and the master then lists "roles"
        String role = found.hasNonNull("role")
                ? found.path("role").asText()
                : found.path("roles").path(0).asText();
        assertThat(role).isEqualTo(MarathonContainer.DEFAULT_ROLE);
        assertThat(found.path("principal").asText()).isEqualTo(MarathonContainer.DEFAULT_PRINCIPAL);
    }

    @Test
    void aCommandAppReachesTaskRunning() throws Exception {
        String app = "{\"id\":\"/cit-sleep\",\"cmd\":\"sleep 1000\",\"cpus\":0.1,\"mem\":32,\"instances\":1}";
        HttpResponse<String> created = HTTP.send(
                HttpRequest.newBuilder(URI.create(marathon.getMarathonUrl() + "/v2/apps"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(app))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode task = await("a task of /cit-sleep running")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> get(marathon.getMarathonUrl() + "/v2/apps/cit-sleep?embed=apps.tasks")
                                .path("app")
                                .path("tasks")
                                .path(0),
                        t -> t.path("state").asText().equals("TASK_RUNNING"));
        String host = task.path("host").asText();
        assertThat(host).isIn(agentA.getHostname(), agentB.getHostname());
        HTTP.send(
                HttpRequest.newBuilder(URI.create(marathon.getMarathonUrl() + "/v2/apps/cit-sleep?force=true"))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
