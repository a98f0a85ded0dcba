package io.mesosharness.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code capture} on the responses of real masters (Mesos 1.12, captured in Docker). */
@Tag("unit")
class TopologyCaptureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void capturesOneMasterAndTwoAgentsOnTwoRacks() throws IOException {
        Topology topology = TopologyCapture.capture(
                null, read("captured/mesos-master-state.json"), read("captured/mesos-master-slaves.json"));

        assertThat(topology.name()).isEqualTo("mh-test");
        assertThat(topology.masters()).isEqualTo(1);
        assertThat(topology.expandedAgents())
                .extracting(AgentSpec::hostname)
                .containsExactlyInAnyOrder("mh-agent-a", "mh-agent-b");
        AgentSpec a = agent(topology, "mh-agent-a");
        assertThat(a.attributes().asMap()).isEqualTo(Map.of("rack", "a"));
        assertThat(a.resources().asMap())
                .containsEntry("cpus", "2")
                .containsEntry("mem", "2048")
                .containsEntry("ports", "[31000-31099]");
    }

    @Test
    void capturesThreeMastersFromTheQuorumAndKeepsAttributesExactly() throws IOException {
        JsonNode state = read("captured/faults/B4-master-failover-before-master-state.json");

        Topology topology = TopologyCapture.capture("prod-copy", state, state);

        assertThat(topology.masters()).isEqualTo(3);
        assertThat(topology.quorum()).isEqualTo(2);
        assertThat(topology.expandedAgents()).hasSize(4);
        assertThat(agent(topology, "cf-b2").attributes().asMap())
                .isEqualTo(Map.of("rack", "b", "zone", "z2", "disk_type", "hdd", "gen", "3"));
        assertThat(agent(topology, "cf-a1").attributes().asMap())
                .isEqualTo(Map.of("rack", "a", "zone", "z1", "disk_type", "ssd"));
    }

    @Test
    void foldsAgentsWithIdenticalAttributesAndResourcesIntoACount() throws IOException {
        ObjectNode slaves = (ObjectNode) read("captured/mesos-master-slaves.json");
        ArrayNode agents = (ArrayNode) slaves.get("slaves");
        ObjectNode first = (ObjectNode) agents.get(0);
        ObjectNode second = (ObjectNode) agents.get(1);
        first.put("hostname", "web-1.prod.example.com");
        second.put("hostname", "web-2.prod.example.com");
        second.set("attributes", first.get("attributes").deepCopy());
        second.set("resources", first.get("resources").deepCopy());

        Topology topology = TopologyCapture.capture("folded", read("captured/mesos-master-state.json"), slaves);

        assertThat(topology.agents()).hasSize(1);
        assertThat(topology.agents().get(0).name()).isEqualTo("web");
        assertThat(topology.agents().get(0).count()).isEqualTo(2);
        assertThat(topology.expandedAgents()).extracting(AgentSpec::hostname).containsExactly("web-1", "web-2");
    }

    @Test
    void scalesProductionSizedResourcesDownButKeepsTheirShape() throws IOException {
        ObjectNode slaves = (ObjectNode) read("captured/mesos-master-slaves.json");
        ObjectNode big = (ObjectNode) slaves.get("slaves").get(0).get("resources");
        big.put("cpus", 32.0).put("mem", 131072.0).put("disk", 1_000_000.0);
        ObjectNode small = (ObjectNode) slaves.get("slaves").get(1).get("resources");
        small.put("cpus", 16.0).put("mem", 65536.0).put("disk", 500_000.0);

        Topology topology = TopologyCapture.capture("big", read("captured/mesos-master-state.json"), slaves);

        AgentSpec bigAgent =
                agent(topology, slaves.get("slaves").get(0).get("hostname").asText());
        AgentSpec smallAgent =
                agent(topology, slaves.get("slaves").get(1).get("hostname").asText());
        assertThat(bigAgent.resources().asMap())
                .containsEntry("cpus", "2")
                .containsEntry("mem", "2048")
                .containsEntry("disk", "8192");
        assertThat(Double.parseDouble(smallAgent.resources().asMap().get("mem")))
                .as("the smaller agent keeps its proportion to the larger one")
                .isEqualTo(1024.0);
        assertThat(bigAgent.attributes().asMap())
                .isEqualTo(Map.of(
                        "rack",
                        slaves.get("slaves")
                                .get(0)
                                .get("attributes")
                                .get("rack")
                                .asText()));
    }

    @Test
    void writesAYamlFileThatLoadsBackToTheSameTopology() throws IOException {
        JsonNode state = read("captured/faults/B4-master-failover-before-master-state.json");
        Topology topology = TopologyCapture.capture("prod-copy", state, state);

        Topology reloaded = TopologyFiles.parseYaml(topology.toYaml(), "prod-copy.yml");

        assertThat(reloaded).isEqualTo(topology);
    }

    @Test
    void aMasterWithoutAgentsIsAClearError() throws IOException {
        JsonNode state = read("captured/mesos-master-state.json");
        ObjectNode empty = JSON.createObjectNode();
        empty.set("slaves", JSON.createArrayNode());

        assertThatThrownBy(() -> TopologyCapture.capture(null, state, empty))
                .hasMessageContaining("the master lists no agents");
    }

    private static AgentSpec agent(Topology topology, String hostname) {
        List<AgentSpec> agents = topology.expandedAgents();
        return agents.stream()
                .filter(a -> a.hostname().equals(hostname))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no agent " + hostname + " in " + agents));
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = TopologyCaptureTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return JSON.readTree(in);
        }
    }
}
