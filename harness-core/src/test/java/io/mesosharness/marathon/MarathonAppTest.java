package io.mesosharness.marathon;

import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.http.HttpSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MarathonApp} on the upstream system-test apps and documentation examples. */
@Tag("unit")
class MarathonAppTest {

    private static final String UP = "upstream/marathon/examples/";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "system-test-apps/docker-http-server.json",
                "system-test-apps/external-volume-mesos-app.json",
                "system-test-apps/healthcheck-and-volume.json",
                "system-test-apps/http-server.json",
                "system-test-apps/ipv6-healthcheck.json",
                "system-test-apps/large-sleep.json",
                "system-test-apps/mesos-app.json",
                "system-test-apps/persistent-volume-app.json",
                "system-test-apps/readiness-and-health-app.json",
                "system-test-apps/resident-docker-app.json",
                "system-test-apps/sleep-app.json",
                "system-test-apps/ucr-docker-http-server.json",
                "from-docs/constraint-01-CLUSTER.json",
                "from-docs/constraint-05-LIKE.json",
                "from-docs/constraint-06-UNLIKE.json",
                "from-docs/constraint-07-MAX_PER.json",
                "from-docs/constraint-08-UNIQUE.json",
                "from-docs/constraint-09-GROUP_BY.json",
                "from-docs/constraint-10-IS.json",
                "from-docs/pv-mysql-app.json",
                "from-docs/pv-postgres-app.json",
                "from-docs/hc-app-task-kill-grace-period.json",
                "app.json"
            })
    void upstreamAppsLoadAndKeepEveryField(String file) throws Exception {
        MarathonApp app = MarathonApp.fromResource(UP + file);

        JsonNode original = HttpSupport.mapper().readTree(text(UP + file));
        assertThat(HttpSupport.mapper().readTree(app.toJson())).isEqualTo(original);
        assertThat(app.id())
                .startsWith("/")
                .endsWith(original.get("id").asText().replaceFirst("^/", ""));
    }

    @Test
    void persistentVolumeAppKeepsShellVariablesAndShowsItsVolume() {
        MarathonApp app = MarathonApp.fromResource(UP + "system-test-apps/persistent-volume-app.json");
        assertThat(app.id()).isEqualTo("/persistent-volume-app");
        assertThat(app.persistentVolumes()).containsExactly(new PersistentVolume("data", 10, "root"));
        assertThat(app.toObjectNode().get("cmd").asText())
                .isEqualTo(
                        "env && echo 'hello' >> $MESOS_SANDBOX/data/foo && /opt/mesosphere/bin/python -m http.server $PORT_API");
        assertThat(app.instances()).isEqualTo(1);
    }

    @Test
    void mysqlAppHasOnePersistentVolumeBesideItsHostPathVolume() {
        MarathonApp app = MarathonApp.fromResource(UP + "from-docs/pv-mysql-app.json");
        assertThat(app.persistentVolumes()).containsExactly(new PersistentVolume("mysqldata", 1000, "root"));
        assertThat(app.withPersistentVolume("logs", 64)
                        .toObjectNode()
                        .at("/container/type")
                        .asText())
                .as("an explicit DOCKER container stays DOCKER")
                .isEqualTo("DOCKER");
    }

    @Test
    void constraintsAndHealthChecksOfDocumentedApps() {
        assertThat(MarathonApp.fromResource(UP + "from-docs/constraint-09-GROUP_BY.json")
                        .constraints())
                .containsExactly(List.of("rack_id", "GROUP_BY", "3"));
        assertThat(MarathonApp.fromResource(UP + "from-docs/constraint-08-UNIQUE.json")
                        .constraints())
                .allSatisfy(c -> assertThat(c).contains("UNIQUE"));
        MarathonApp sleep = MarathonApp.fromResource(UP + "system-test-apps/sleep-app.json");
        assertThat(sleep.constraints()).isEmpty();
        assertThat(sleep.hasHealthChecks()).isFalse();
        MarathonApp health = MarathonApp.fromResource(UP + "system-test-apps/readiness-and-health-app.json");
        assertThat(health.hasHealthChecks()).isTrue();
        assertThat(health.healthChecks())
                .allSatisfy(h -> assertThat(h.protocol()).isIn(HealthCheck.PROTOCOLS));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hc-command.json",
                "hc-http.json",
                "hc-https.json",
                "hc-mesos-http.json",
                "hc-tcp.json",
                "hc-command-bash-tcp.json"
            })
    void documentedHealthChecksCanBeAdded(String file) throws Exception {
        HealthCheck check = HttpSupport.mapper().readValue(text(UP + "from-docs/" + file), HealthCheck.class);
        MarathonApp app = MarathonApp.command("/web", "python3 -m http.server $PORT0")
                .withPorts(1)
                .withHealthCheck(check);
        assertThat(app.healthChecks()).containsExactly(check);
        assertThat(app.hasHealthChecks()).isTrue();
        if ("COMMAND".equals(check.protocol())) {
            assertThat(check.command().value()).isNotBlank();
        }
    }

    @Test
    void podsAndGroupsAreRejected() {
        assertThatThrownBy(() -> MarathonApp.fromResource(UP + "system-test-apps/simple-pod.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classpath resource " + UP + "system-test-apps/simple-pod.json")
                .hasMessageContaining("looks like a pod");
        assertThatThrownBy(() -> MarathonApp.fromResource(UP + "system-test-apps/sleep-group.json"))
                .hasMessageContaining("looks like a group");
    }

    private static String httpServerWithVariables() {
        String verbatim = text(UP + "system-test-apps/http-server.json");
        assertThat(verbatim).contains("\"instances\": 1", "\"mem\": 128", "\"id\": \"/http-server\"");
        return verbatim.replace("\"instances\": 1", "\"instances\": ${INSTANCES}")
                .replace("\"mem\": 128", "\"mem\": ${MEM:-64}")
                .replace("\"id\": \"/http-server\"", "\"id\": \"/${TEAM}/http-server\"");
    }

    @Test
    void variablesAreSubstitutedFromTheMapThenTheEnvironment() {
        MarathonApp app = MarathonApp.parse(
                httpServerWithVariables(),
                "test",
                Map.of("INSTANCES", 3),
                name -> name.equals("TEAM") ? "payments" : name.equals("INSTANCES") ? "9" : null);
        assertThat(app.id()).isEqualTo("/payments/http-server");
        assertThat(app.instances()).as("the map wins over the environment").isEqualTo(3);
        assertThat(app.toObjectNode().get("mem").asInt()).as("default after :-").isEqualTo(64);
        assertThat(app.toObjectNode().get("cmd").asText())
                .isEqualTo("/opt/mesosphere/bin/python -m http.server $PORT0");
    }

    @Test
    void realEnvironmentVariablesAreUsed() {
        String path = System.getenv("PATH");
        assumeThat(path).isNotNull().doesNotContain("\"", "\\");
        MarathonApp app = MarathonApp.fromJson("{\"id\":\"/env\",\"cmd\":\"echo ${PATH}\"}");
        assertThat(app.toObjectNode().get("cmd").asText()).isEqualTo("echo " + path);
    }

    @Test
    void escapedPlaceholderStaysLiteral() {
        MarathonApp app =
                MarathonApp.fromJson("{\"id\":\"/esc\",\"cmd\":\"echo $${HOME} ${WHO}\"}", Map.of("WHO", "me"));
        assertThat(app.toObjectNode().get("cmd").asText()).isEqualTo("echo ${HOME} me");
    }

    @Test
    void unresolvedVariableNamesTheVariableAndTheSource(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("http-server.json");
        Files.writeString(file, httpServerWithVariables());

        assertThatThrownBy(() -> MarathonApp.fromFile(file, Map.of("INSTANCES", "2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "Unresolved variable ${TEAM} (line 2) in Marathon app definition from file " + file)
                .hasMessageContaining("not in the given variables nor in the environment");
        assertThat(MarathonApp.fromFile(file, Map.of("INSTANCES", "2", "TEAM", "ops"))
                        .id())
                .isEqualTo("/ops/http-server");
    }

    @Test
    void invalidJsonAfterSubstitutionSaysWhere() {
        assertThatThrownBy(() -> MarathonApp.fromJson("{\"id\":\"/x\",\n\"instances\": ${N}}", Map.of("N", "two")))
                .hasMessageStartingWith("Marathon app definition from JSON string is not valid JSON at line 2");
    }

    @Test
    void missingFilesAndResourcesAreNamed() {
        assertThatThrownBy(() -> MarathonApp.fromFile(Path.of("/no/such/app.json")))
                .hasMessageContaining("/no/such/app.json");
        assertThatThrownBy(() -> MarathonApp.fromResource("apps/missing.json"))
                .hasMessage("Marathon app definition classpath resource 'apps/missing.json' not found");
    }

    @Test
    void idsAreValidatedAndNormalised() {
        assertThat(MarathonApp.fromJson("{\"id\":\"sleep\"}").id()).isEqualTo("/sleep");
        assertThat(MarathonApp.command("/prod/web-1.v2", "sleep 1").id()).isEqualTo("/prod/web-1.v2");
        assertThatThrownBy(() -> MarathonApp.fromJson("{\"cmd\":\"sleep 1\"}"))
                .hasMessage(
                        "Marathon app definition from JSON string: id = 'nothing' is missing: an app needs an id such"
                                + " as /web");
        assertThatThrownBy(() -> MarathonApp.command("/My_App", "sleep 1"))
                .hasMessageContaining("Marathon app definition from MarathonApp.command(\"/My_App\"): id = '/My_App'")
                .hasMessageContaining("segment 'My_App' must consist of lowercase letters, digits, '-' and '.'");
        assertThatThrownBy(() -> MarathonApp.command("/a//b", "sleep 1")).hasMessageContaining("segment ''");
        assertThatThrownBy(() -> MarathonApp.fromJson("{\"id\":\"/x\",\n\"instances\":-1}"))
                .hasMessage(
                        "Marathon app definition from JSON string, line 2: instances = '-1' must be an integer >= 0");
        assertThatThrownBy(() -> MarathonApp.fromJson("{\"id\":\"/x\",\n\"constraints\":[\n[\"rack\"]]}"))
                .hasMessage("Marathon app definition from JSON string, line 3: constraints[0] = '[\"rack\"]' must be"
                        + " [field, operator] or [field, operator, value] of strings");
        assertThatThrownBy(() -> MarathonApp.fromJson("[1]")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void anInvalidHealthCheckIsNamedWithItsLine() {
        MarathonApp app = MarathonApp.fromJson(
                "{\"id\":\"/x\",\n\"healthChecks\":[{\"protocol\":\"HTTP\"},\n{\"protocol\":\"SMTP\"}]}");

        assertThatThrownBy(app::healthChecks)
                .hasMessageStartingWith("Marathon app definition from JSON string, line 3: healthChecks[1] ="
                        + " '{\"protocol\":\"SMTP\"}' is not a valid health check: ")
                .hasMessageContaining("healthCheck protocol 'SMTP' is not one of");
    }

    @Test
    void builderProducesTheDefinitionMarathonNeeds() throws Exception {
        MarathonApp base = MarathonApp.command("store", "echo hi >> data/marker; sleep 3600");
        MarathonApp app = base.withInstances(2)
                .withCpus(0.2)
                .withMem(64)
                .withDisk(10)
                .withConstraint("hostname", "UNIQUE")
                .withConstraint("rack", "GROUP_BY", "2")
                .withPorts(2)
                .withHealthCheck(HealthCheck.mesosHttp("/health").withGracePeriodSeconds(30))
                .withPersistentVolume("data", 32)
                .withEnv("MODE", "test")
                .withLabel("team", "storage");

        JsonNode json = HttpSupport.mapper().readTree(app.toJson());
        assertThat(app.id()).isEqualTo("/store");
        assertThat(app.instances()).isEqualTo(2);
        assertThat(json.get("cpus").asDouble()).isEqualTo(0.2);
        assertThat(json.get("mem").asDouble()).isEqualTo(64.0);
        assertThat(json.get("disk").asDouble()).isEqualTo(10.0);
        assertThat(app.constraints()).containsExactly(List.of("hostname", "UNIQUE"), List.of("rack", "GROUP_BY", "2"));
        assertThat(json.get("portDefinitions")).hasSize(2);
        assertThat(json.at("/portDefinitions/1/port").asInt()).isZero();
        assertThat(app.healthChecks())
                .containsExactly(HealthCheck.mesosHttp("/health").withGracePeriodSeconds(30));
        assertThat(json.at("/healthChecks/0").toString())
                .isEqualTo(
                        "{\"protocol\":\"MESOS_HTTP\",\"path\":\"/health\",\"portIndex\":0,\"gracePeriodSeconds\":30}");
        assertThat(json.at("/container/type").asText()).isEqualTo("MESOS");
        assertThat(json.at("/container/volumes/0").toString())
                .isEqualTo(
                        "{\"containerPath\":\"data\",\"mode\":\"RW\",\"persistent\":{\"type\":\"root\",\"size\":32,\"constraints\":[]}}");
        assertThat(app.persistentVolumes()).containsExactly(new PersistentVolume("data", 32, "root"));
        assertThat(json.get("unreachableStrategy").asText()).isEqualTo("disabled");
        assertThat(json.get("upgradeStrategy").toString())
                .isEqualTo("{\"minimumHealthCapacity\":0,\"maximumOverCapacity\":0}");
        assertThat(json.at("/env/MODE").asText()).isEqualTo("test");
        assertThat(json.at("/labels/team").asText()).isEqualTo("storage");

        assertThat(base.instances()).as("with* returns a copy").isEqualTo(1);
        assertThat(base.constraints()).isEmpty();
        assertThat(base.persistentVolumes()).isEmpty();
    }

    @Test
    void commandCheckWithDelayAndIntervalSerialisesAsMarathonExpects() throws Exception {
        HealthCheck check = HealthCheck.command("false")
                .withGracePeriodSeconds(0)
                .withDelaySeconds(1)
                .withIntervalSeconds(1);

        JsonNode json = HttpSupport.mapper()
                .readTree(MarathonApp.command("/sick", "sleep 60")
                        .withHealthCheck(check)
                        .toJson())
                .at("/healthChecks/0");

        assertThat(json.toString())
                .isEqualTo("{\"protocol\":\"COMMAND\",\"command\":{\"value\":\"false\"},"
                        + "\"gracePeriodSeconds\":0,\"intervalSeconds\":1,\"delaySeconds\":1}");
        assertThatThrownBy(() -> check.withDelaySeconds(-1))
                .hasMessage("healthCheck delaySeconds must be >= 0, got -1");
    }

    @Test
    void builderRejectsWhatMarathonWouldReject() {
        MarathonApp app = MarathonApp.command("/x", "sleep 1");
        assertThatThrownBy(() -> app.withConstraint("rack", "FOO"))
                .hasMessage(
                        "constraint operator 'FOO' of app '/x' must be one of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, "
                                + "MAX_PER, IS");
        assertThatThrownBy(() -> app.withConstraint("rack", "LIKE", "a", "b"))
                .hasMessageContaining("at most one value");
        assertThatThrownBy(() -> app.withPersistentVolume("/data", 10))
                .hasMessageContaining("containerPath '/data' of app '/x' must be a single relative path segment");
        assertThatThrownBy(() -> app.withPersistentVolume("data", 0)).hasMessageContaining("size > 0 MiB, got 0");
        assertThatThrownBy(() -> app.withInstances(-1))
                .hasMessageContaining("instances = '-1' must be an integer >= 0");
        assertThatThrownBy(() -> app.withCpus(0)).hasMessageContaining("cpus of app '/x' must be > 0");
        assertThatThrownBy(() -> MarathonApp.command("/x", " ")).hasMessageContaining("cmd of app '/x'");
        assertThatThrownBy(() -> HealthCheck.command("")).hasMessageContaining("non-empty command");
        assertThatThrownBy(() -> new HealthCheck("UDP", null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("protocol 'UDP'");
    }
}
