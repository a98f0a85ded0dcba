package io.mesosharness.assertions;

import static io.mesosharness.assertions.MesosHarnessAssertions.assertThat;
import static io.mesosharness.testing.Fixtures.app;
import static io.mesosharness.testing.Fixtures.body;
import static io.mesosharness.testing.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.marathon.App;
import io.mesosharness.testing.FakeAgent;
import io.mesosharness.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * keepsVolumeDataAcrossTaskKill on the captured /pv app (volume "data", task ._app.2 on mh-agent-a, relaunched as
 * ._app.3 by the captured kill) with an agent whose exec works on an in-memory file system.
 */
@Tag("unit")
class VolumeCheckTest {

    private static final String TASK = "pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.2";
    private static final String VOLUME =
            "/var/lib/mesos/agent/volumes/roles/marathon/pv#data#f036088e-e870-11f1-beda-0242ac1d000a";

    private FakeCluster cluster;
    private FakeAgent agentA;
    private final AtomicBoolean killed = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        agentA = new FakeAgent("mh-agent-a", "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0", this::shell);
        cluster = new FakeCluster().agent(agentA);
        cluster.server
                .json("GET /master/slaves", "captured/mesos-master-slaves.json")
                .json("GET /state", "captured/mesos-agent-a-state.json");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** {@code sh -c <script> sh <args>} as the check runs it: printf > file, cat file, find. */
    private String shell(List<String> command) {
        String script = command.get(2);
        if (script.startsWith("printf")) {
            agentA.files.put(command.get(5) + "/" + VolumeCheck.MARKER_FILE, command.get(4) + "\n");
            return "";
        }
        if (script.startsWith("cat")) {
            String file = command.get(4) + "/" + VolumeCheck.MARKER_FILE;
            return agentA.files.getOrDefault(file, "cat: can't open '" + file + "': No such file or directory\n");
        }
        return "";
    }

    /** /pv before the kill, and after it: its task replaced by the captured relaunch, changed by {@code change}. */
    private void pvApp(Consumer<ObjectNode> change) {
        pvApp(change, () -> {});
    }

    /** Like {@link #pvApp(Consumer)}; {@code onKill} runs when Marathon receives the kill. */
    private void pvApp(Consumer<ObjectNode> change, Runnable onKill) {
        ObjectNode after = tree("captured/marathon-v2-apps-pv-embed-tasks.json");
        ObjectNode relaunched = (ObjectNode)
                tree("captured/marathon-v2-apps-pv-tasks-DELETE.json").get("task");
        change.accept(relaunched);
        ((ArrayNode) app(after).get("tasks")).set(0, relaunched);
        String before = Fixtures.text("captured/marathon-v2-apps-pv-embed-tasks.json");
        cluster.server
                .route(
                        "GET /v2/apps/pv",
                        () -> killed.get()
                                ? body(after).get()
                                : Fixtures.json("captured/marathon-v2-apps-pv-embed-tasks.json"))
                .route("DELETE /v2/apps/pv/tasks/" + TASK, () -> {
                    killed.set(true);
                    onKill.run();
                    return Fixtures.json("captured/marathon-v2-apps-pv-tasks-DELETE.json");
                });
        assertThat(before).contains(TASK);
    }

    @Test
    void markerWrittenIntoTheVolumeSurvivesTheKill() {
        pvApp(task -> {});

        VolumeCheckResult result = assertThat(cluster)
                .app("/pv")
                .within(Duration.ofSeconds(10))
                .keepsVolumeDataAcrossTaskKill("data")
                .volumeCheckResult();

        assertThat(killed).isTrue();
        assertThat(result.appId()).isEqualTo("/pv");
        assertThat(result.containerPath()).isEqualTo("data");
        assertThat(result.killedTask()).isEqualTo(TASK);
        assertThat(result.relaunchedTask()).isEqualTo("pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3");
        assertThat(result.agent()).isEqualTo("mh-agent-a");
        assertThat(result.agentId()).isEqualTo("861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0");
        assertThat(result.volumePath()).contains(VOLUME);
        assertThat(result.external()).isFalse();
        assertThat(result.marker()).startsWith("mesos-harness-");
        assertThat(agentA.files).containsEntry(VOLUME + "/" + VolumeCheck.MARKER_FILE, result.marker() + "\n");
        assertThat(result.summary())
                .isEqualTo("volume 'data' kept marker " + result.marker() + " (killed " + TASK + " on mh-agent-a,"
                        + " relaunched as pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3 on mh-agent-a)");
        assertThat(agentA.files).containsOnlyKeys(VOLUME + "/" + VolumeCheck.MARKER_FILE);
        assertThat(agentA.files.values()).singleElement().asString().startsWith("mesos-harness-");
        assertThat(cluster.server.requests)
                .containsSubsequence("GET /v2/apps/pv", "DELETE /v2/apps/pv/tasks/" + TASK, "GET /v2/apps/pv");
    }

    @Test
    void noResultBeforeACheckPassed() {
        assertThatThrownBy(() -> assertThat(cluster).app("/pv").volumeCheckResult())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no keepsVolumeDataAcrossTaskKill(..) has passed on this assert of /pv");
    }

    @Test
    void appCarriesItsContainerVolumes() {
        pvApp(task -> {});

        App app = cluster.marathon().app("/pv");

        assertThat(app.container().type()).isEqualTo("MESOS");
        assertThat(app.volumes()).singleElement().satisfies(v -> {
            assertThat(v.containerPath()).isEqualTo("data");
            assertThat(v.mode()).isEqualTo("RW");
            assertThat(v.persistent()).isNotNull();
            assertThat(v.persistent().type()).isEqualTo("root");
            assertThat(v.persistent().size()).isEqualTo(32L);
            assertThat(v.toString()).isEqualTo("data (persistent)");
        });
        assertThat(cluster.marathon().findApp("/pv").orElseThrow().volumes()).isEqualTo(app.volumes());
    }

    @Test
    void lostMarkerFailsNamingWhatWasWrittenAndRead() {
        pvApp(task -> {}, agentA.files::clear); // the volume was wiped

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/pv")
                        .within(Duration.ofSeconds(10))
                        .keepsVolumeDataAcrossTaskKill("data"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "Expected /pv to keep the data in volume 'data', but the marker written before the kill "
                                + "is gone (killed " + TASK + " on mh-agent-a, relaunched as "
                                + "pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3 on mh-agent-a)")
                .hasMessageContaining("wrote: mesos-harness-")
                .hasMessageContaining("read:  cat: can't open '" + VOLUME);
    }

    @Test
    void relaunchOnAnotherAgentFails() {
        pvApp(task -> task.put("host", "mh-agent-b").put("slaveId", "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S1"));

        assertThatThrownBy(() -> assertThat(cluster)
                        .app("/pv")
                        .within(Duration.ofSeconds(10))
                        .keepsVolumeDataAcrossTaskKill("data"))
                .hasMessageContaining("Expected /pv to come back on the same agent with volume 'data', but it moved "
                        + "(killed " + TASK + " on mh-agent-a, relaunched as "
                        + "pv.instance-f02c1d7d-e870-11f1-beda-0242ac1d000a._app.3 on mh-agent-b)");
    }

    @Test
    void anotherContainerPathIsRejectedBeforeAnythingHappens() {
        pvApp(task -> {});

        assertThatThrownBy(() -> assertThat(cluster).app("/pv").keepsVolumeDataAcrossTaskKill("logs"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app /pv has no persistent volume 'logs' (its volumes: [data (persistent)])");
        assertThat(killed).isFalse();
        assertThat(agentA.commands).isEmpty();
    }

    @Test
    void appWithoutPersistentVolumeIsRejectedBeforeAnythingHappens() {
        cluster.server.json("GET /v2/apps/spread", "captured/marathon-v2-apps-spread.json");

        assertThatThrownBy(() -> assertThat(cluster).app("/spread").keepsVolumeDataAcrossTaskKill("data"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("app /spread has no persistent volume 'data' (its volumes: [])");
        assertThat(cluster.server.requests).containsExactly("GET /v2/apps/spread");
    }

    @Test
    void volumePathComesFromTheAgentsWorkDirAndTheReservationsRole() {
        assertThat(VolumeCheck.volumePath(
                        cluster,
                        agentA,
                        "861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S0",
                        "pv#data#f036088e-e870-11f1-beda-0242ac1d000a"))
                .isEqualTo(VOLUME);
        assertThat(agentA.commands).isEmpty();
    }
}
