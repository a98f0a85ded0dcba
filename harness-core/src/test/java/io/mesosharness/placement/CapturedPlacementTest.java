package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real placements Marathon 1.8 made on 4 agents satisfy their constraints. */
@Tag("unit")
class CapturedPlacementTest {

    /** The fixture placement agrees with Marathon's own view of the app's tasks (host of each task). */
    @ParameterizedTest
    @CsvSource({
        "/a01, A01-hostname-UNIQUE-app.json",
        "/a02, A02-hostname-UNIQUE-x5-app.json",
        "/a03, A03-rack-GROUP_BY-app.json",
        "/a04, A04-rack-GROUP_BY-2-app.json",
        "/a05, A05-zone-CLUSTER-z1-app.json",
        "/a06, A06-disk_type-LIKE-ss-app.json",
        "/a07, A07-disk_type-UNLIKE-ssd-app.json",
        "/a08, A08-rack-MAX_PER-1-app.json",
        "/a09, A09-gen-IS-3-app.json",
        "/a10, A10-rack-IS-c-app.json",
        "/a11c, A11c-rack-CLUSTER-novalue-app.json",
        "/a12, A12-hostname-CLUSTER-cf-a1-app.json"
    })
    void placementFromMesosMatchesMarathonsTaskList(String appId, String appFile) {
        JsonNode app = CapturedFixtures.json(appFile).path("app");
        Map<String, Integer> marathonView = new TreeMap<>();
        app.path("tasks").forEach(t -> marathonView.merge(t.path("host").asText(), 1, Integer::sum));

        Placement placement = CapturedFixtures.placement(appId);

        assertThat(placement.appId()).isEqualTo(appId);
        assertThat(placement.agents()).hasSize(4);
        assertThat(placement.totalTasks()).isEqualTo(app.path("tasksRunning").asInt());
        Map<String, Integer> ours = placement.agents().stream()
                .filter(a -> a.tasks() > 0)
                .collect(Collectors.toMap(AgentPlacement::hostname, AgentPlacement::tasks, Integer::sum, TreeMap::new));
        assertThat(ours).isEqualTo(marathonView);
    }

    @ParameterizedTest
    @CsvSource({
        "/a01, A01-hostname-UNIQUE-app.json, 4",
        "/a02, A02-hostname-UNIQUE-x5-app.json, 4",
        "/a03, A03-rack-GROUP_BY-app.json, 4",
        "/a04, A04-rack-GROUP_BY-2-app.json, 6",
        "/a05, A05-zone-CLUSTER-z1-app.json, 2",
        "/a06, A06-disk_type-LIKE-ss-app.json, 3",
        "/a07, A07-disk_type-UNLIKE-ssd-app.json, 3",
        "/a08, A08-rack-MAX_PER-1-app.json, 2",
        "/a09, A09-gen-IS-3-app.json, 1",
        "/a11c, A11c-rack-CLUSTER-novalue-app.json, 1",
        "/a12, A12-hostname-CLUSTER-cf-a1-app.json, 2"
    })
    void realPlacementSatisfiesItsConstraints(String appId, String appFile, int tasks) {
        Placement placement = CapturedFixtures.placement(appId);
        List<Constraint> constraints = CapturedFixtures.constraintsOf(appFile);

        CheckResult result = ConstraintChecker.check(placement, constraints);

        assertThat(placement.totalTasks()).isEqualTo(tasks);
        assertThat(result.violations()).as(result.report()).isEmpty();
        assertThat(result.satisfied()).isTrue();
        assertThat(result.satisfiedChecks()).containsExactly(constraints.get(0).toString());
    }

    @Test
    void a03GroupByBalancesRacksNotHosts() {
        Placement a03 = CapturedFixtures.placement("/a03");
        assertThat(a03.table("rack")).isEqualTo("""
                rack=a  agents cf-a1, cf-a2  tasks 2
                rack=b  agents cf-b1, cf-b2  tasks 2""");
        // hosts are 2/0/1/1 – fine for GROUP_BY rack, not for GROUP_BY hostname
        assertThat(ConstraintChecker.check(a03, List.of(Constraint.of("rack", "GROUP_BY")))
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.check(a03, List.of(Constraint.of("hostname", "GROUP_BY")))
                        .violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly(
                        "hostname=cf-a1 has 2 tasks, hostname=cf-a2 has 0, hostname=cf-b1 has 1, "
                                + "hostname=cf-b2 has 1: GROUP_BY allows a difference of at most 1 (without a value Marathon "
                                + "does not wait for offers from the other values; [\"hostname\",\"GROUP_BY\",\"4\"] makes it)");
    }

    @Test
    void a04GroupBy2IsThreeAndThree() {
        Placement a04 = CapturedFixtures.placement("/a04");
        assertThat(a04.table("rack")).isEqualTo("""
                rack=a  agents cf-a1, cf-a2  tasks 3
                rack=b  agents cf-b1, cf-b2  tasks 3""");
    }

    @Test
    void a10UnsatisfiableIsLeavesNothingRunning() {
        Placement a10 = CapturedFixtures.placement("/a10");
        assertThat(a10.totalTasks()).isZero();
        // nothing placed, so nothing violates; "did it deploy" is the deployment wait's question
        assertThat(ConstraintChecker.check(a10, CapturedFixtures.constraintsOf("A10-rack-IS-c-app.json"))
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.spreadOver(a10, "rack", 1).violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("tasks use 0 values of rack, expected at least 1; only 0 tasks running");
    }
}
