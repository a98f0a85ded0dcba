package io.mesosharness.mesos;

import static io.mesosharness.testing.Fixtures.json;
import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.http.HttpSupport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Contract tests of {@link MesosClient} on responses captured from Mesos 1.12 and the upstream examples. */
@Tag("unit")
class MesosClientTest {

    private static final String FRAMEWORK = "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-0001";
    private static final String AGENT_A = "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0";
    private static final String AGENT_B = "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S1";

    private MockWebServer master;
    private MockWebServer agent;
    private MesosClient client;

    @BeforeEach
    void start() throws Exception {
        master = new MockWebServer();
        master.start();
        agent = new MockWebServer();
        agent.start();
        URI agentUrl = agent.url("/").uri();
        client = new MesosClient(() -> master.url("/").uri(), id -> agentUrl);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        master.shutdown();
        agent.shutdown();
    }

    private static RecordedRequest take(MockWebServer server) throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        return request;
    }

    @Test
    void stateHasLeaderClusterDoubleCountersAgentsAndFrameworks() throws Exception {
        assertThat(text("captured/mesos-master-state.json")).contains("\"activated_slaves\": 2.0");
        master.enqueue(json("captured/mesos-master-state.json"));

        MasterState state = client.state();

        assertThat(take(master).getPath()).isEqualTo("/master/state");
        assertThat(state.leader()).isEqualTo("master@172.29.0.3:5050");
        assertThat(state.pid()).isEqualTo(state.leader());
        assertThat(state.leaderInfo().hostname()).isEqualTo("mh-master");
        assertThat(state.leaderInfo().port()).isEqualTo(5050);
        assertThat(state.cluster()).isEqualTo("mh-test");
        assertThat(state.version()).isEqualTo("1.12.0");
        assertThat(state.activatedSlaves()).isEqualTo(2.0);
        assertThat(state.unreachableSlaves()).isZero();
        assertThat(state.agents()).extracting(Agent::hostname).containsExactlyInAnyOrder("mh-agent-a", "mh-agent-b");
        assertThat(state.frameworks()).extracting(Framework::name).containsExactly("marathon");
    }

    @Test
    void upstreamMasterStateExampleParses() {
        master.enqueue(json("upstream/mesos/examples/endpoints-v0/master-state.example.json"));
        MasterState state = client.state();
        assertThat(state.cluster()).isEqualTo("test-cluster");
        assertThat(state.version()).isEqualTo("0.28.0");
        assertThat(state.leader()).isEqualTo("master@127.0.0.1:5050");
    }

    @Test
    void agentsWithAttributesResourcesAndReservations() throws Exception {
        master.enqueue(json("captured/mesos-master-slaves.json"));

        List<Agent> agents = client.agents();

        assertThat(take(master).getPath()).isEqualTo("/master/slaves");
        assertThat(agents).extracting(Agent::hostname).containsExactly("mh-agent-b", "mh-agent-a");
        Agent b = agents.get(0);
        Agent a = agents.get(1);
        assertThat(b.id()).isEqualTo(AGENT_B);
        assertThat(b.attribute("rack")).contains("b");
        assertThat(a.attribute("rack")).contains("a");
        assertThat(b.attribute("zone")).isEmpty();
        assertThat(b.port()).isEqualTo(5051);
        assertThat(b.pid()).isEqualTo("slave(1)@172.29.0.5:5051");
        assertThat(b.address()).isEqualTo("172.29.0.5:5051");
        assertThat(b.active()).isTrue();
        assertThat(b.resource("cpus")).isEqualTo(2.0);
        assertThat(b.resource("mem")).isEqualTo(2048.0);
        assertThat(b.resources()).containsEntry("ports", "[32000-32099]");
        assertThat(b.usedResources()).containsEntry("cpus", 0.3);
        assertThat(b.reservedResources()).isEmpty();
        assertThat(a.reservedResources().get("marathon")).containsEntry("disk", 32.0);
        assertThat(a.reservedResourcesFull()).containsKey("marathon");
        assertThat(a.unreservedResources()).containsKey("cpus");
    }

    @Test
    void numericAttributeStaysANumberAndReadsLikeMarathonSeesIt() {
        master.enqueue(json("captured/faults/A-master-slaves.json"));
        Agent b2 = client.agents().stream()
                .filter(x -> x.hostname().equals("cf-b2"))
                .findFirst()
                .orElseThrow();
        assertThat(b2.attributes().get("gen")).isInstanceOf(Number.class);
        assertThat(((Number) b2.attributes().get("gen")).doubleValue()).isEqualTo(3.0);
        assertThat(b2.attribute("gen")).contains("3");
        assertThat(b2.attribute("disk_type")).contains("hdd");
    }

    @Test
    void frameworksWithRolePrincipalAndTasksOnAgents() throws Exception {
        master.enqueue(json("captured/mesos-master-frameworks.json"));
        List<Framework> frameworks = client.frameworks();
        assertThat(take(master).getPath()).isEqualTo("/master/frameworks");
        assertThat(frameworks).hasSize(1);
        Framework marathon = frameworks.get(0);
        assertThat(marathon.id()).isEqualTo(FRAMEWORK);
        assertThat(marathon.name()).isEqualTo("marathon");
        assertThat(marathon.active()).isTrue();
        assertThat(marathon.role()).isEqualTo("marathon");
        assertThat(marathon.principal()).isEqualTo("marathon");
        assertThat(marathon.webuiUrl()).isEqualTo("http://mh-marathon:8080");
        assertThat(marathon.tasks()).hasSize(8);
        assertThat(marathon.tasks()).extracting(MesosTask::agentId).containsOnly(AGENT_A, AGENT_B);
        MesosTask web = marathon.tasks().get(0);
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.statuses()).extracting(MesosTask.Status::state).containsExactly("TASK_STARTING", "TASK_RUNNING");
        assertThat(web.statuses().get(1).healthy()).isTrue();
        assertThat(web.containerId()).isEqualTo("a704e0a7-86f3-4f5c-bb15-e8de6104ee19");
    }

    @Test
    void tasksSayWhichAgentTheyRunOn() throws Exception {
        master.enqueue(json("captured/mesos-master-tasks.json"));
        List<MesosTask> tasks = client.tasks();
        assertThat(take(master).getPath()).isEqualTo("/master/tasks?limit=10000");
        assertThat(tasks).hasSize(13);
        assertThat(tasks.stream().filter(t -> t.state().equals("TASK_RUNNING"))).hasSize(8);
        assertThat(tasks.stream().filter(t -> t.state().equals("TASK_KILLED"))).hasSize(5);
        MesosTask first = tasks.get(0);
        assertThat(first.id()).isEqualTo("toomany.instance-09fcd971-e871-11f1-beda-0242ac1d000a._app.1");
        assertThat(first.frameworkId()).isEqualTo(FRAMEWORK);
        assertThat(first.agentId()).isEqualTo(AGENT_A);
        assertThat(first.role()).isEqualTo("marathon");
        assertThat(first.containerId()).isEqualTo("947a42be-29bb-41e3-8634-37b1163e9eac");
        assertThat(first.effectiveExecutorId()).isEqualTo(first.id());
    }

    @Test
    void redirectLeaderReadsTheLocationWithoutFollowingIt() throws Exception {
        // B4-master-failover-redirect-before.txt: "HTTP/1.1 307 Temporary Redirect" + "Location: //cf-m1:5050"
        String capture = text("captured/faults/B4-master-failover-redirect-before.txt");
        String location = capture.lines()
                .filter(l -> l.startsWith("Location:"))
                .findFirst()
                .orElseThrow()
                .substring("Location:".length())
                .trim();
        master.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", location));

        assertThat(client.redirectLeader()).contains(URI.create("http://cf-m1:5050"));
        assertThat(take(master).getPath()).isEqualTo("/master/redirect");
        assertThat(master.getRequestCount()).isEqualTo(1);

        master.enqueue(new MockResponse().setResponseCode(503).setBody("No leader elected"));
        assertThat(client.redirectLeader()).isEmpty();
    }

    @Test
    void healthAndVersion() throws Exception {
        master.enqueue(new MockResponse().setResponseCode(200));
        assertThat(client.health()).isTrue();
        assertThat(take(master).getPath()).isEqualTo("/health");
        master.enqueue(new MockResponse().setResponseCode(503));
        assertThat(client.health()).isFalse();

        master.enqueue(json("captured/mesos-master-version.json"));
        MesosVersion version = client.version();
        assertThat(version.version()).isEqualTo("1.12.0");
        assertThat(version.buildTime()).isEqualTo(1795568380.0);
        assertThat(version.buildDate()).isEqualTo("2026-11-25 00:59:40");
    }

    @Test
    void unreachableMasterIsUnhealthyAndAClearError() throws Exception {
        String url = master.url("/").toString();
        master.shutdown();
        try (MesosClient dead = new MesosClient(url)) {
            assertThat(dead.health()).isFalse();
            MesosException e = catchThrowableOfType(MesosException.class, dead::state);
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).startsWith("Mesos did not answer GET " + url + "master/state");
        }
    }

    @Test
    void noLeaderIsExplained() {
        master.enqueue(new MockResponse().setResponseCode(503).setBody("No leader elected"));
        assertThatThrownBy(() -> client.state())
                .isInstanceOf(MesosException.class)
                .hasMessage("Mesos answered GET " + master.url("/master/state")
                        + " with 503 (no leading master elected yet, or the master is recovering): No leader elected");
    }

    @Test
    void browseListsTheSandbox() throws Exception {
        agent.enqueue(json("captured/mesos-agent-files-browse-pv-sandbox.json"));
        String sandbox = "/var/lib/mesos/agent/slaves/" + AGENT_A + "/frameworks/" + FRAMEWORK
                + "/executors/pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3/runs/f0f5d81e-c0c9-4ee5-9acc-ffee040d4fc1";

        List<FileInfo> files = client.browse(AGENT_A, sandbox);

        RecordedRequest request = take(agent);
        assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/files/browse");
        assertThat(request.getRequestUrl().queryParameter("path")).isEqualTo(sandbox);
        assertThat(files).extracting(FileInfo::name).containsExactly("data", "stderr", "stdout");
        assertThat(files.get(0).isDirectory()).isTrue();
        assertThat(files.get(2).isDirectory()).isFalse();
        assertThat(files.get(2).size()).isEqualTo(87);
        assertThat(files.get(2).path()).isEqualTo(sandbox + "/stdout");
    }

    @Test
    void readFilePagesUntilNoDataIsLeft() throws Exception {
        String captured = text("captured/mesos-agent-files-read-pv-stdout.json");
        String expected = HttpSupport.mapper().readTree(captured).get("data").asText();
        List<HttpUrl> urls = new ArrayList<>();
        agent.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                urls.add(request.getRequestUrl());
                String offset = request.getRequestUrl().queryParameter("offset");
                // the captured first page; then the end of the file, which /files/read signals with empty data
                return "0".equals(offset)
                        ? json("captured/mesos-agent-files-read-pv-stdout.json")
                        : new MockResponse()
                                .setHeader("Content-Type", "application/json")
                                .setBody("{\"data\":\"\",\"offset\":" + offset + "}");
            }
        });

        String content = client.readFile(AGENT_A, "/sandbox/stdout");

        assertThat(content).isEqualTo(expected);
        assertThat(content).startsWith("Wed Nov 25 01:38:39 UTC 2026\n").hasLineCount(3);
        assertThat(urls).hasSize(2);
        assertThat(urls.get(0).encodedPath()).isEqualTo("/files/read");
        assertThat(urls.get(0).queryParameter("path")).isEqualTo("/sandbox/stdout");
        assertThat(urls.get(0).queryParameter("offset")).isEqualTo("0");
        assertThat(urls.get(0).queryParameter("length")).isEqualTo(String.valueOf(MesosClient.READ_CHUNK));
        assertThat(urls.get(1).queryParameter("offset")).isEqualTo(String.valueOf(expected.length()));
    }

    @Test
    void readingInsideAPersistentVolumeIsExplained() {
        agent.enqueue(new MockResponse().setResponseCode(400));
        MesosException e =
                catchThrowableOfType(MesosException.class, () -> client.readFile(AGENT_A, "/sandbox/data/marker"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage())
                .startsWith("Agent " + AGENT_A + " refused /files/read of '/sandbox/data/marker' (400)")
                .contains(
                        "a persistent volume is a symlink outside the sandbox; /files/read refuses to follow it (400) – "
                                + "read the task's stdout or read from inside the agent container");

        agent.enqueue(new MockResponse().setResponseCode(404));
        assertThatThrownBy(() -> client.readFile(AGENT_A, "/sandbox/nope"))
                .hasMessageContaining("refused /files/read of '/sandbox/nope' (404)")
                .hasMessageContaining("no such file or directory");
    }

    @Test
    void sandboxPathComesFromTheAgentState() throws Exception {
        agent.enqueue(json("captured/mesos-agent-a-state.json"));
        String executor = "pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.2";
        String expected = "/var/lib/mesos/agent/slaves/" + AGENT_A + "/frameworks/" + FRAMEWORK + "/executors/"
                + executor + "/runs/a4ca4cfb-e214-4a82-8c4e-bb1345495533";

        assertThat(client.sandboxPath(AGENT_A, FRAMEWORK, executor)).isEqualTo(expected);
        assertThat(take(agent).getPath()).isEqualTo("/state");

        agent.enqueue(json("captured/mesos-agent-a-state.json"));
        assertThat(client.sandboxPath(AGENT_A, FRAMEWORK, "a4ca4cfb-e214-4a82-8c4e-bb1345495533"))
                .isEqualTo(expected);

        agent.enqueue(json("captured/mesos-agent-a-state.json"));
        assertThatThrownBy(() -> client.sandboxPath(AGENT_A, FRAMEWORK, "nope"))
                .hasMessageContaining(
                        "Agent " + AGENT_A + " has no executor or container 'nope' of framework " + FRAMEWORK)
                .hasMessageContaining(executor);

        agent.enqueue(json("captured/mesos-agent-b-state.json"));
        JsonNode stateB = client.agentState(AGENT_B);
        assertThat(stateB.get("hostname").asText()).isEqualTo("mh-agent-b");
    }

    @Test
    void defaultAgentUrlComesFromThePidInMasterSlaves() throws Exception {
        try (MesosClient plain = new MesosClient(master.url("/").toString())) {
            master.enqueue(json("captured/mesos-master-slaves.json"));
            assertThat(plain.agentUrl(AGENT_A)).isEqualTo(URI.create("http://172.29.0.4:5051"));
            master.enqueue(json("captured/mesos-master-slaves.json"));
            assertThatThrownBy(() -> plain.agentUrl("unknown-S9"))
                    .hasMessage("The master does not know agent unknown-S9 (not in /master/slaves)");
        }
    }
}
