package io.mesosharness.marathon;

import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.http.HttpSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MarathonGroup} against what the real Marathon 1.8.244 made of the same definitions (captured
 * {@code GET /v2/groups/{id}} answers), and its errors on bad definitions.
 */
@Tag("unit")
class MarathonGroupTest {

    @Test
    void relativeIdsAndDependenciesResolveAsMarathonResolvedThem() throws Exception {
        for (String name : List.of("nested-relative", "relative-group-dependency")) {
            MarathonGroup group = MarathonGroup.fromResource("groups/" + name + ".json");
            JsonNode marathon = HttpSupport.readTree(text("captured/marathon-v2-groups-" + name + ".json"));

            assertThat(dependenciesById(HttpSupport.readTree(group.toJson())))
                    .as(name)
                    .isEqualTo(dependenciesById(marathon))
                    .isNotEmpty();
        }
    }

    @Test
    void appsAndGroupIdsAreAbsoluteAndAppsKeepEveryField() throws Exception {
        MarathonGroup group = MarathonGroup.fromResource("groups/nested-relative.json");

        assertThat(group.id()).isEqualTo("/stack");
        assertThat(group.groupIds()).containsExactlyInAnyOrder("/stack", "/stack/jobs");
        assertThat(group.apps())
                .extracting(MarathonApp::id)
                .containsExactly("/stack/db", "/stack/web", "/stack/jobs/worker");
        assertThat(group.apps().get(0).healthChecks())
                .singleElement()
                .extracting(HealthCheck::protocol)
                .isEqualTo("COMMAND");
        assertThat(group.apps().get(2).source())
                .isEqualTo("classpath resource groups/nested-relative.json (groups[0].apps[0], line 8)");
    }

    @Test
    void inANamespaceIdsAndEveryDependencyMoveIntoIt() throws Exception {
        MarathonGroup group =
                MarathonGroup.fromResource("groups/nested-relative.json").inNamespace(AppNamespace.of("team-a"));

        JsonNode json = HttpSupport.readTree(group.toJson());
        assertThat(json.get("id").asText()).isEqualTo("/team-a/stack");
        assertThat(dependenciesById(json))
                .containsEntry("/team-a/stack/web", List.of("/team-a/stack/db"))
                .containsEntry("/team-a/stack/jobs", List.of("/team-a/stack/web"))
                .containsEntry("/team-a/stack/jobs/worker", List.of("/team-a/stack/db"));
        assertThat(group.apps())
                .extracting(MarathonApp::id)
                .containsExactly("/team-a/stack/db", "/team-a/stack/web", "/team-a/stack/jobs/worker");
        assertThat(group.dependencies())
                .extracting(MarathonGroup.Dependency::written)
                .containsExactly("db", "/stack/web", "../db");
    }

    @Test
    void aRootGroupDefinitionBecomesTheNamespacesGroup() throws Exception {
        MarathonGroup root = MarathonGroup.fromJson(
                "{\"id\": \"/\", \"groups\": [{\"id\": \"stack\", \"apps\": [{\"id\": \"a\", \"cmd\": \"sleep 9\"},"
                        + " {\"id\": \"b\", \"cmd\": \"sleep 9\", \"dependencies\": [\"/stack/a\"]}]}]}");

        MarathonGroup namespaced = root.inNamespace(AppNamespace.of("ns"));

        assertThat(namespaced.id()).isEqualTo("/ns");
        assertThat(namespaced.apps()).extracting(MarathonApp::id).containsExactly("/ns/stack/a", "/ns/stack/b");
        assertThat(dependenciesById(HttpSupport.readTree(namespaced.toJson())))
                .containsEntry("/ns/stack/b", List.of("/ns/stack/a"));
    }

    @Test
    void aCycleIsRejectedNamingEveryStepWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cycle.json");
        Files.writeString(file, """
                {"id": "/c",
                 "apps": [
                   {"id": "a", "cmd": "sleep 1", "dependencies": ["b"]},
                   {"id": "b", "cmd": "sleep 1", "dependencies": ["/c/d"]}
                 ],
                 "groups": [{"id": "d", "apps": [{"id": "x", "cmd": "sleep 1", "dependencies": ["../a"]}]}]}
                """);

        assertThatThrownBy(() -> MarathonGroup.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Marathon group definition /c from file " + file + " has a dependency cycle, which Marathon"
                        + " rejects (\"Dependency graph has cyclic dependencies\"): /c/a depends on /c/b"
                        + " (apps[0].dependencies[0] = 'b', line 3), /c/b depends on /c/d/x (apps[1].dependencies[0] ="
                        + " '/c/d', line 4), /c/d/x depends on /c/a (groups[0].apps[0].dependencies[0] = '../a', line"
                        + " 6)");
    }

    @Test
    void anAppThatDependsOnItsOwnGroupIsACycleAsMarathonSaysButAGroupsOwnDependenciesAreNot() {
        // On Marathon 1.8.244: {"id":"/z","apps":[{"id":"a",...,"dependencies":["/z"]}]} answers 422 cyclic, while a
        // group depending on its own app, or on an app that depends on the group, is accepted.
        assertThatThrownBy(
                        () -> MarathonGroup.fromJson(
                                "{\"id\": \"/z\", \"apps\": [{\"id\": \"a\", \"cmd\": \"sleep 1\", \"dependencies\": [\"/z\"]}]}"))
                .hasMessageContaining("has a dependency cycle")
                .hasMessageContaining("/z/a depends on /z/a (apps[0].dependencies[0] = '/z', line 1)");

        MarathonGroup accepted = MarathonGroup.fromJson(
                "{\"id\": \"/x\", \"apps\": [{\"id\": \"a\", \"cmd\": \"sleep 1\", \"dependencies\": [\"/x/g/b\"]}],"
                        + " \"groups\": [{\"id\": \"g\", \"dependencies\": [\"/x/a\"], \"apps\": [{\"id\": \"b\","
                        + " \"cmd\": \"sleep 1\"}]}]}");
        assertThat(accepted.apps()).hasSize(2);
    }

    @Test
    void badIdsAndDependenciesNameTheFieldTheValueAndTheLine() {
        assertThatThrownBy(() -> MarathonGroup.fromJson(
                        "{\"id\": \"/s\",\n \"apps\": [{\"id\": \"/elsewhere/x\", \"cmd\": \"sleep 1\"}]}"))
                .hasMessage("Marathon group definition from JSON string, line 2: apps[0].id = '/elsewhere/x' is not a"
                        + " child of group /s (Marathon answers \"Identifier is not child of /s\"); write it relative to"
                        + " the group, e.g. 'x'");
        assertThatThrownBy(() ->
                        MarathonGroup.fromJson("{\"id\": \"/t\",\n \"apps\": [{\"id\": \"x\", \"cmd\": \"sleep 1\",\n"
                                + "  \"dependencies\": [\"../../y\"]}]}"))
                .hasMessage("Marathon group definition from JSON string, line 3: apps[0].dependencies[0] = '../../y'"
                        + " climbs above the root group (resolved against /t)");
        assertThatThrownBy(() -> MarathonGroup.fromJson("{\"id\": \"/t\", \"apps\": [{\"id\": \"x\", \"cmd\":"
                        + " \"sleep 1\", \"dependencies\": \"/db\"}]}"))
                .hasMessage(
                        "Marathon group definition from JSON string, line 1: apps[0].dependencies = '\"/db\"' must be"
                                + " a list of app or group ids");
        assertThatThrownBy(() -> MarathonGroup.fromJson("{\"apps\": []}"))
                .hasMessage("Marathon group definition from JSON string: id = 'nothing' is missing: a group needs an id"
                        + " such as /stack");
        assertThatThrownBy(() -> MarathonGroup.fromJson("{\"id\": \"/g\", \"groups\": [{\"id\": \"Sub\"}]}"))
                .hasMessageContaining("groups[0].id = 'Sub' is not a Marathon id: segment 'Sub' must consist of");
    }

    @Test
    void anAppOfTheGroupIsCheckedLikeAnAppDefinitionAndNamesWhereItIs() {
        assertThatThrownBy(() -> MarathonGroup.fromJson(
                        "{\"id\": \"/g\",\n \"apps\": [\n  {\"id\": \"a\", \"cmd\": \"sleep 1\", \"instances\": -1}]}"))
                .hasMessage("Marathon app definition from JSON string (apps[0], line 3), line 3: instances = '-1' must"
                        + " be an integer >= 0");
        assertThatThrownBy(() -> MarathonGroup.fromJson(
                        "{\"id\": \"/g\",\n \"apps\": [\n  {\"id\": \"a\"," + "\n   \"constraints\": [[\"rack\"]]}]}"))
                .hasMessage("Marathon app definition from JSON string (apps[0], line 3), line 4: constraints[0] ="
                        + " '[\"rack\"]' must be [field, operator] or [field, operator, value] of strings");
    }

    @Test
    void aPodOfTheGroupIsCheckedLikeAPodDefinitionAndMovesIntoTheNamespace() throws Exception {
        assertThatThrownBy(() -> MarathonGroup.fromJson(
                        "{\"id\": \"/g\",\n \"pods\": [\n  {\"id\": \"p\"," + " \"containers\": []}]}"))
                .hasMessage("Marathon pod definition from JSON string (pods[0], line 3), line 3: containers = '[]' must"
                        + " list at"
                        + " least one container (Marathon answers 422 \"error.minLength\"): a pod is the containers Mesos"
                        + " starts together");

        MarathonGroup group = MarathonGroup.fromJson(
                "{\"id\": \"/g\", \"pods\": [{\"id\": \"p\", \"containers\":" + " [{\"name\": \"c\"}]}]}");
        assertThat(HttpSupport.readTree(group.inNamespace(AppNamespace.of("ns")).toJson())
                        .at("/pods/0/id")
                        .asText())
                .isEqualTo("/ns/g/p");
    }

    @Test
    void placeholdersAreSubstitutedAndAnUnresolvedOneNamesItsLine() {
        MarathonGroup group = MarathonGroup.fromJson(
                "{\"id\": \"/${TEAM}\", \"apps\": [{\"id\": \"a\", \"cmd\": \"sleep 1\"}]}", Map.of("TEAM", "shop"));
        assertThat(group.apps()).extracting(MarathonApp::id).containsExactly("/shop/a");

        assertThatThrownBy(() -> MarathonGroup.fromJson("{\n\"id\": \"/${NO_SUCH_VARIABLE_HERE}\"}"))
                .hasMessageStartingWith("Unresolved variable ${NO_SUCH_VARIABLE_HERE} (line 2) in Marathon group"
                        + " definition from JSON string");
    }

    /** Absolute id of every app and group with dependencies → its dependencies, as Marathon's JSON lists them. */
    private static Map<String, List<String>> dependenciesById(JsonNode group) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        collect(group, out);
        return out;
    }

    private static void collect(JsonNode node, Map<String, List<String>> out) {
        List<String> deps = new ArrayList<>();
        node.path("dependencies").forEach(d -> deps.add(d.asText()));
        if (!deps.isEmpty()) {
            out.put(node.get("id").asText(), deps);
        }
        for (JsonNode app : node.path("apps")) {
            collect(app, out);
        }
        for (JsonNode sub : node.path("groups")) {
            collect(sub, out);
        }
    }
}
