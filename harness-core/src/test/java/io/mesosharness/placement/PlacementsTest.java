package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Placements.fromMesos on the captured /master/slaves and /master/tasks (and copies of them with one change). */
@Tag("unit")
class PlacementsTest {

    private static ArrayNode taskArray(JsonNode tasks) {
        return (ArrayNode) tasks.path("tasks");
    }

    private static ObjectNode firstTaskOf(JsonNode tasks, String name) {
        return (ObjectNode) StreamSupport.stream(taskArray(tasks).spliterator(), false)
                .filter(t -> t.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void listsEveryAgentWithItsAttributesAndTasks() {
        Placement a03 = CapturedFixtures.placement("/a03");
        assertThat(a03.agentsByHostname())
                .extracting(AgentPlacement::hostname, AgentPlacement::tasks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cf-a1", 2),
                        org.assertj.core.groups.Tuple.tuple("cf-a2", 0),
                        org.assertj.core.groups.Tuple.tuple("cf-b1", 1),
                        org.assertj.core.groups.Tuple.tuple("cf-b2", 1));
        AgentPlacement a1 = a03.agentsByHostname().get(0);
        assertThat(a1.agentId()).isEqualTo("9460f5a8-330b-4841-8bb8-fc22a4e38902-S0");
        assertThat(a1.attributes())
                .containsExactly(
                        java.util.Map.entry("rack", "a"),
                        java.util.Map.entry("zone", "z1"),
                        java.util.Map.entry("disk_type", "ssd"));
    }

    @Test
    void appIdSpellingsAndPrefixesAreExact() {
        assertThat(Placements.fromMesos("a01", CapturedFixtures.slaves(), CapturedFixtures.tasks())
                        .appId())
                .isEqualTo("/a01");
        assertThat(Placements.fromMesos("/a01/", CapturedFixtures.slaves(), CapturedFixtures.tasks())
                        .totalTasks())
                .isEqualTo(4);
        // "/a1" must not pick up a11c.* or a12.* tasks
        assertThat(Placements.fromMesos("/a1", CapturedFixtures.slaves(), CapturedFixtures.tasks())
                        .totalTasks())
                .isZero();
        assertThat(Placements.fromMesos("/a11c", CapturedFixtures.slaves(), CapturedFixtures.tasks())
                        .totalTasks())
                .isEqualTo(1);
    }

    @Test
    void frameworkFilter() {
        assertThat(Placements.fromMesos(
                                "/a04",
                                CapturedFixtures.slaves(),
                                CapturedFixtures.tasks(),
                                CapturedFixtures.FRAMEWORK_ID)
                        .totalTasks())
                .isEqualTo(6);
        assertThat(Placements.fromMesos("/a04", CapturedFixtures.slaves(), CapturedFixtures.tasks(), "other-framework")
                        .totalTasks())
                .isZero();
    }

    @Test
    void onlyRunningTasksCount() {
        JsonNode tasks = CapturedFixtures.tasks();
        firstTaskOf(tasks, "a01").put("state", "TASK_KILLED");
        assertThat(Placements.fromMesos("/a01", CapturedFixtures.slaves(), tasks)
                        .totalTasks())
                .isEqualTo(3);
    }

    @Test
    void nestedAppIdsUseSafePathAndReversedName() {
        JsonNode tasks = CapturedFixtures.tasks();
        ObjectNode nested = firstTaskOf(tasks, "a12").deepCopy();
        nested.put("id", "shop_web.instance-a4eb8497-e872-11f1-8b0e-0242ac1e000a._app.1");
        nested.put("name", "web.shop");
        taskArray(tasks).add(nested);
        // an app literally called /shop_web has the same id prefix but the name "shop_web"
        ObjectNode lookalike = nested.deepCopy();
        lookalike.put("id", "shop_web.instance-a4eb8499-e872-11f1-8b0e-0242ac1e000a._app.1");
        lookalike.put("name", "shop_web");
        taskArray(tasks).add(lookalike);

        Placement web = Placements.fromMesos("/shop/web", CapturedFixtures.slaves(), tasks);

        assertThat(web.appId()).isEqualTo("/shop/web");
        assertThat(web.totalTasks()).isEqualTo(1);
        assertThat(Placements.fromMesos("/shop_web", CapturedFixtures.slaves(), tasks)
                        .totalTasks())
                .isEqualTo(1);
    }

    @Test
    void taskOnAnUnlistedAgentIsAnError() {
        JsonNode tasks = CapturedFixtures.tasks();
        firstTaskOf(tasks, "a05").put("slave_id", "9460f5a8-330b-4841-8bb8-fc22a4e38902-S7");
        assertThatThrownBy(() -> Placements.fromMesos("/a05", CapturedFixtures.slaves(), tasks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs on agent 9460f5a8-330b-4841-8bb8-fc22a4e38902-S7, which /master/slaves "
                        + "does not list");
    }

    @Test
    void malformedInputIsNamed() {
        assertThatThrownBy(() -> Placements.fromMesos("/a01", CapturedFixtures.tasks(), CapturedFixtures.tasks()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/master/slaves JSON has no \"slaves\" array");
        assertThatThrownBy(() -> Placements.fromMesos(" ", CapturedFixtures.slaves(), CapturedFixtures.tasks()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("appId must not be blank");
        JsonNode tasks = CapturedFixtures.tasks();
        firstTaskOf(tasks, "a01").remove("slave_id");
        assertThatThrownBy(() -> Placements.fromMesos("/a01", CapturedFixtures.slaves(), tasks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no \"slave_id\" string");
    }
}
