package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesosharness.containers.HarnessConfiguration;
import io.mesosharness.testing.FakeServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** External mode on the captured responses of a real Mesos 1.12 + Marathon 1.8 cluster. */
@Tag("unit")
class ExternalClusterTest {

    /** The master and Marathon. */
    private final FakeServer server = new FakeServer()
            .json("GET /master/state", "captured/mesos-master-state.json")
            .json("GET /master/slaves", "captured/mesos-master-slaves.json")
            .json("GET /v2/info", "captured/marathon-v2-info.json")
            .json("GET /v2/groups", "captured/marathon-v2-groups.json");

    @AfterEach
    void stop() {
        server.close();
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
        assertThatThrownBy(
                        () -> ExternalCluster.connect("mesos:5050", server.url().toString()))
                .hasMessageContaining("Bad external Mesos URL 'mesos:5050'");
        assertThatThrownBy(() -> ExternalCluster.connect(
                        "http://127.0.0.1:1", server.url().toString()))
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
        return ExternalCluster.connect(server.url().toString(), server.url().toString());
    }
}
