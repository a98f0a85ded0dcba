package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.containers.HarnessConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** External mode on the captured responses of a real Mesos 1.12 + Marathon 1.8 cluster. */
@Tag("unit")
class ExternalClusterTest {

    private final MockWebServer mesos = new MockWebServer();
    private final MockWebServer marathon = new MockWebServer();

    @BeforeEach
    void serveCapturedCluster() throws IOException {
        mesos.setDispatcher(files(Map.of(
                "/master/state", "captured/mesos-master-state.json",
                "/master/slaves", "captured/mesos-master-slaves.json")));
        marathon.setDispatcher(files(Map.of(
                "/v2/info", "captured/marathon-v2-info.json",
                "/v2/groups", "captured/marathon-v2-groups.json")));
        mesos.start();
        marathon.start();
    }

    @AfterEach
    void stop() throws IOException {
        mesos.shutdown();
        marathon.shutdown();
    }

    @Test
    void readsTheAgentsOfTheExternalCluster() {
        try (ExternalCluster cluster = connect()) {
            assertThat(cluster.isExternal()).isTrue();
            assertThat(cluster.agents())
                    .extracting(AgentHandle::name)
                    .containsExactlyInAnyOrder("mh-agent-a", "mh-agent-b");
            assertThat(cluster.agent("mh-agent-b").attributes()).isEqualTo(Map.of("rack", "b"));
            assertThat(cluster.agent("mh-agent-a").agentId())
                    .hasValueSatisfying(id -> assertThat(id).endsWith("-S0"));
            assertThat(cluster.recentLogs(10)).isEmpty();
        }
    }

    @Test
    void listsTheOneMasterItWasGivenAndRefusesToStopIt() {
        try (ExternalCluster cluster = connect()) {
            assertThat(cluster.masters()).hasSize(1);
            MasterHandle master = cluster.masters().get(0);
            assertThat(master.url()).isEqualTo(cluster.mesosUrl());
            assertThatThrownBy(master::stop)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("not available against an external cluster");
            assertThatThrownBy(master::start).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void refusesEveryFaultWithAMessageThatSaysWhy() {
        try (ExternalCluster cluster = connect()) {
            AgentHandle agent = cluster.agent("mh-agent-a");
            for (Runnable fault : new Runnable[] {
                agent::stop,
                agent::start,
                agent::pause,
                agent::unpause,
                agent::disconnect,
                agent::reconnect,
                () -> agent.exec("true"),
                cluster::stopLeadingMaster,
                cluster::restartZooKeeper,
                cluster::restartMarathon
            }) {
                assertThatThrownBy(fault::run)
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining("is not available against an external cluster (http://");
            }
        }
    }

    @Test
    void unknownAgentNamesTheAgentsThereAre() {
        try (ExternalCluster cluster = connect()) {
            assertThatThrownBy(() -> cluster.agent("nope"))
                    .hasMessageContaining("No agent named 'nope'")
                    .hasMessageContaining("mh-agent-a");
        }
    }

    @Test
    void badUrlsAndSilentClustersAreClearErrors() {
        assertThatThrownBy(() ->
                        ExternalCluster.connect("mesos:5050", marathon.url("/").toString()))
                .hasMessageContaining("Bad external Mesos URL 'mesos:5050'");
        assertThatThrownBy(() -> ExternalCluster.connect(
                        "http://127.0.0.1:1", marathon.url("/").toString()))
                .hasMessageStartingWith("The external Mesos master at http://127.0.0.1:1 does not answer");
    }

    @Test
    void externalModeNeedsBothUrls() {
        HarnessConfiguration config =
                HarnessConfiguration.of(Map.of("mesos.harness.external.mesos-url", "http://mesos:5050"), Map.of());

        assertThatThrownBy(() -> ExternalCluster.fromConfiguration(config))
                .hasMessageContaining("External mode needs both URLs")
                .hasMessageContaining("MESOS_HARNESS_EXTERNAL_MARATHON_URL");
    }

    @Test
    void resetOfTheWholeClusterRefusesAndNamesTheNamespaceWay() {
        try (ExternalCluster cluster = connect()) {
            assertThatThrownBy(cluster::reset)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("would remove others' apps")
                    .hasMessageContaining("NamespacedCluster.of(cluster, \"my-tests\")");
        }
    }

    private ExternalCluster connect() {
        return ExternalCluster.connect(
                mesos.url("/").toString().replaceAll("/$", ""),
                marathon.url("/").toString().replaceAll("/$", ""));
    }

    private static Dispatcher files(Map<String, String> routes) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getRequestUrl().encodedPath();
                String file = routes.get(path);
                if (file == null) {
                    return new MockResponse().setResponseCode(404).setBody("{\"message\":\"no route " + path + "\"}");
                }
                return new MockResponse()
                        .setHeader("Content-Type", "application/json")
                        .setBody(read(file));
            }
        };
    }

    private static String read(String resource) {
        try (InputStream in = ExternalClusterTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + resource, e);
        }
    }
}
