package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each operator against a modified real placement: the failure message carries the numbers. */
@Tag("unit")
class ViolatedPlacementTest {

    private static List<String> messages(Placement p, String... constraint) {
        CheckResult result = ConstraintChecker.check(p, List.of(Constraint.of(constraint)));
        assertThat(result.satisfied()).isFalse();
        assertThat(result.satisfiedChecks()).isEmpty();
        assertThat(result.violations()).allSatisfy(v -> {
            assertThat(v.constraint()).contains(Constraint.of(constraint));
            assertThat(v.check()).isEqualTo(Constraint.of(constraint).toString());
        });
        return result.violations().stream().map(CheckResult.Violation::message).toList();
    }

    @Test
    void unique() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a01"), Map.of("cf-a1", 0, "cf-b1", 2));
        assertThat(messages(p, "hostname", "UNIQUE"))
                .containsExactly("hostname=cf-b1 has 2 tasks: UNIQUE allows at most 1 task per value of hostname");
        // the real A01 placement is one per host, but two per rack
        assertThat(messages(CapturedFixtures.placement("/a01"), "rack", "UNIQUE"))
                .containsExactly("rack=a has 2 tasks, rack=b has 2: UNIQUE allows at most 1 task per value of rack");
    }

    @Test
    void clusterWithValue() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a05"), Map.of("cf-a2", 2, "cf-b2", 1));
        assertThat(messages(p, "zone", "CLUSTER", "z1"))
                .containsExactly("cf-a2 (zone=z2) runs 2 tasks, cf-b2 (zone=z2) runs 1: CLUSTER allows only zone=z1");
        Placement a12 = CapturedFixtures.withTasks(CapturedFixtures.placement("/a12"), Map.of("cf-a2", 1));
        assertThat(messages(a12, "hostname", "CLUSTER", "cf-a1"))
                .containsExactly("cf-a2 runs 1 task: CLUSTER allows only hostname=cf-a1");
    }

    @Test
    void clusterWithoutValue() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a11c"), Map.of("cf-b1", 1));
        assertThat(messages(p, "rack", "CLUSTER"))
                .containsExactly(
                        "rack=a has 1 task, rack=b has 1: CLUSTER without a value requires all tasks on one value of rack");
    }

    @Test
    void groupByWithoutValue() {
        Placement a03 = CapturedFixtures.placement("/a03");
        assertThat(messages(CapturedFixtures.withTasks(a03, Map.of("cf-a1", 3, "cf-b2", 0)), "rack", "GROUP_BY"))
                .containsExactly("rack=a has 3 tasks, rack=b has 1: GROUP_BY allows a difference of at most 1");
        // all on one rack: Marathon can do this without a value; the message says how to prevent it
        assertThat(messages(
                        CapturedFixtures.withTasks(a03, Map.of("cf-a2", 2, "cf-b1", 0, "cf-b2", 0)),
                        "rack",
                        "GROUP_BY"))
                .containsExactly("rack=a has 4 tasks, rack=b has 0: GROUP_BY allows a difference of at most 1 "
                        + "(without a value Marathon does not wait for offers from the other values; "
                        + "[\"rack\",\"GROUP_BY\",\"2\"] makes it)");
    }

    @Test
    void groupByWithValue() {
        Placement a04 = CapturedFixtures.placement("/a04");
        assertThat(messages(
                        CapturedFixtures.withTasks(a04, Map.of("cf-a1", 3, "cf-b1", 0, "cf-b2", 0)),
                        "rack",
                        "GROUP_BY",
                        "2"))
                .containsExactly("tasks use 1 value of rack (rack=a has 6 tasks), but GROUP_BY 2 requires at least 2");
        assertThat(messages(CapturedFixtures.withTasks(a04, Map.of("cf-a2", 4, "cf-b1", 1)), "rack", "GROUP_BY", "2"))
                .containsExactly("rack=a has 4 tasks, rack=b has 2: GROUP_BY allows a difference of at most 1");
        assertThat(messages(a04, "rack", "GROUP_BY", "3"))
                .containsExactly(
                        "tasks use 2 values of rack (rack=a has 3 tasks, rack=b has 3), but GROUP_BY 3 requires at least 3; "
                                + "only 2 values of rack exist among the agents (a, b)");
    }

    @Test
    void groupByWithValueIgnoresUnusedValues() {
        // GROUP_BY 2 over 4 hostnames: two hosts with 3 each are enough, the empty hosts do not count
        Placement p = CapturedFixtures.withTasks(
                CapturedFixtures.placement("/a04"), Map.of("cf-a1", 3, "cf-a2", 3, "cf-b1", 0, "cf-b2", 0));
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("hostname", "GROUP_BY", "2")))
                        .satisfied())
                .isTrue();
        // without a value the empty hosts count
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("hostname", "GROUP_BY")))
                        .satisfied())
                .isFalse();
    }

    @Test
    void like() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a06"), Map.of("cf-a2", 1));
        assertThat(messages(p, "disk_type", "LIKE", "ss.*"))
                .containsExactly("cf-a2 (disk_type=hdd) runs 1 task: LIKE requires disk_type to match ss.*");
        // full match: "ss" does not match "ssd"
        assertThat(messages(CapturedFixtures.placement("/a06"), "disk_type", "LIKE", "ss"))
                .containsExactly(
                        "cf-a1 (disk_type=ssd) runs 1 task, cf-b1 (disk_type=ssd) runs 2: LIKE requires disk_type to match ss");
    }

    @Test
    void unlike() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a07"), Map.of("cf-b1", 1));
        assertThat(messages(p, "disk_type", "UNLIKE", "ssd"))
                .containsExactly("cf-b1 (disk_type=ssd) runs 1 task: UNLIKE requires disk_type not to match ssd");
    }

    @Test
    void maxPer() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a08"), Map.of("cf-a1", 1));
        assertThat(messages(p, "rack", "MAX_PER", "1"))
                .containsExactly("rack=a has 2 tasks: MAX_PER 1 allows at most 1 task per value of rack");
        assertThat(messages(p, "rack", "MAX_PER", "0"))
                .containsExactly("rack=a has 2 tasks: MAX_PER 0 allows at "
                        + "most 1 task per value of rack (Marathon always accepts the first task on a value)");
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("rack", "MAX_PER", "2")))
                        .satisfied())
                .isTrue();
    }

    @Test
    void is() {
        Placement moved =
                CapturedFixtures.withTasks(CapturedFixtures.placement("/a09"), Map.of("cf-b2", 0, "cf-b1", 1));
        assertThat(messages(moved, "gen", "IS", "3"))
                .containsExactly(
                        "cf-b1 runs 1 task without attribute gen: "
                                + "Marathon places IS tasks only on agents that have the field (only UNLIKE accepts agents without it)");
        assertThat(messages(CapturedFixtures.placement("/a09"), "rack", "IS", "c"))
                .containsExactly("cf-b2 (rack=b) runs 1 task: IS requires rack to be exactly c");
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a03"), Map.of("cf-a1", 3, "cf-b2", 0));
        List<Constraint> constraints = List.of(
                Constraint.of("hostname", "UNIQUE"),
                Constraint.of("rack", "GROUP_BY"),
                Constraint.of("zone", "LIKE", "z.*"));

        CheckResult result = ConstraintChecker.check(p, constraints);

        assertThat(result.violations())
                .extracting(CheckResult.Violation::toString)
                .containsExactly(
                        "[\"hostname\",\"UNIQUE\"]: hostname=cf-a1 has 3 tasks: UNIQUE allows at most 1 task per value of "
                                + "hostname",
                        "[\"rack\",\"GROUP_BY\"]: rack=a has 3 tasks, rack=b has 1: GROUP_BY allows a difference of at most 1");
        assertThat(result.satisfiedChecks()).containsExactly("[\"zone\",\"LIKE\",\"z.*\"]");
    }

    /** A task on an agent without the field: only UNLIKE accepts it. */
    @ParameterizedTest
    @CsvSource(
            value = {
                "gen|UNIQUE|",
                "gen|CLUSTER|",
                "gen|CLUSTER|3",
                "gen|GROUP_BY|",
                "gen|GROUP_BY|2",
                "gen|LIKE|3",
                "gen|MAX_PER|1",
                "gen|IS|3"
            },
            delimiter = '|')
    void missingAttributeFailsEveryOperatorButUnlike(String field, String op, String value) {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a09"), Map.of("cf-b2", 0, "cf-a1", 2));
        Constraint c = value == null ? Constraint.of(field, op) : Constraint.of(field, op, value);

        CheckResult result = ConstraintChecker.check(p, List.of(c));

        assertThat(result.violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("cf-a1 runs 2 tasks without "
                        + "attribute gen: Marathon places " + op
                        + " tasks only on agents that have the field (only UNLIKE "
                        + "accepts agents without it)");
    }

    @Test
    void missingAttributeIsFineForUnlike() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a09"), Map.of("cf-b2", 0, "cf-a1", 2));
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("gen", "UNLIKE", "3")))
                        .satisfied())
                .isTrue();
        // but the agent that has gen=3 is rejected by UNLIKE 3
        Placement onB2 = CapturedFixtures.placement("/a09");
        assertThat(ConstraintChecker.check(onB2, List.of(Constraint.of("gen", "UNLIKE", "3")))
                        .violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("cf-b2 (gen=3) runs 1 task: UNLIKE requires gen not to match 3");
    }

    @Test
    void missingEverywhereNamesTheAttributesSeen() {
        Placement a01 = CapturedFixtures.placement("/a01");
        assertThat(ConstraintChecker.check(a01, List.of(Constraint.of("rak", "GROUP_BY")))
                        .violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("cf-a1 runs 1 task, cf-a2 runs 1, cf-b1 runs 1, "
                        + "cf-b2 runs 1 without attribute rak: Marathon places GROUP_BY tasks only on agents that have "
                        + "the field (only UNLIKE accepts agents without it); no agent has attribute rak (attributes "
                        + "seen: disk_type, gen, rack, zone)");
    }
}
