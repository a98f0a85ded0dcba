package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The direct questions users ask, on the captured placements. */
@Tag("unit")
class DirectChecksTest {

    private static String onlyMessage(CheckResult result) {
        assertThat(result.satisfied()).isFalse();
        assertThat(result.violations()).hasSize(1);
        assertThat(result.violations().get(0).constraint()).isEmpty();
        return result.violations().get(0).message();
    }

    @Test
    void spreadOver() {
        assertThat(ConstraintChecker.spreadOver(CapturedFixtures.placement("/a03"), "rack", 2)
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.spreadOver(CapturedFixtures.placement("/a01"), "hostname", 4)
                        .satisfied())
                .isTrue();
        assertThat(onlyMessage(ConstraintChecker.spreadOver(CapturedFixtures.placement("/a07"), "rack", 2)))
                .isEqualTo("tasks use 1 value of rack (rack=a has 3 tasks), expected at least 2");
        assertThat(onlyMessage(ConstraintChecker.spreadOver(CapturedFixtures.placement("/a03"), "rack", 3)))
                .isEqualTo("tasks use 2 values of rack (rack=a has 2 tasks, rack=b has 2), expected at least 3; "
                        + "only 2 values of rack exist among the agents (a, b)");
        assertThat(ConstraintChecker.spreadOver(CapturedFixtures.placement("/a07"), "rack", 2)
                        .checks())
                .containsExactly("at least 2 distinct values of rack");
    }

    @Test
    void atMostPerAgent() {
        assertThat(ConstraintChecker.atMostPerAgent(CapturedFixtures.placement("/a01"), 1)
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.atMostPerAgent(CapturedFixtures.placement("/a04"), 3)
                        .satisfied())
                .isTrue();
        assertThat(onlyMessage(ConstraintChecker.atMostPerAgent(CapturedFixtures.placement("/a04"), 2)))
                .isEqualTo("cf-a2 runs 3 tasks: expected at most 2 tasks per agent");
        assertThat(onlyMessage(ConstraintChecker.atMostPerAgent(CapturedFixtures.placement("/a04"), 1)))
                .isEqualTo("cf-a2 runs 3 tasks, cf-b1 runs 2: expected at most 1 task per agent");
    }

    @Test
    void onlyOn() {
        assertThat(ConstraintChecker.onlyOn(CapturedFixtures.placement("/a05"), "zone", "z1")
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.onlyOn(CapturedFixtures.placement("/a09"), "gen", "3.0")
                        .satisfied())
                .isTrue();
        assertThat(onlyMessage(ConstraintChecker.onlyOn(CapturedFixtures.placement("/a01"), "rack", "a")))
                .isEqualTo("cf-b1 (rack=b) runs 1 task, cf-b2 (rack=b) runs 1: expected only on agents with rack=a");
        Placement moved = CapturedFixtures.withTasks(CapturedFixtures.placement("/a09"), Map.of("cf-a1", 1));
        assertThat(ConstraintChecker.onlyOn(moved, "gen", "3").violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("cf-a1 runs 1 task without attribute gen: expected only on agents with gen=3");
    }

    @Test
    void evenlyBy() {
        assertThat(ConstraintChecker.evenlyBy(CapturedFixtures.placement("/a03"), "rack")
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.evenlyBy(CapturedFixtures.placement("/a01"), "zone")
                        .satisfied())
                .isTrue();
        // A04 balanced racks 3/3, but zones are 2/4
        assertThat(onlyMessage(ConstraintChecker.evenlyBy(CapturedFixtures.placement("/a04"), "zone")))
                .isEqualTo("zone=z1 has 2 tasks, zone=z2 has 4: expected a difference of at most 1");
        assertThat(onlyMessage(ConstraintChecker.evenlyBy(CapturedFixtures.placement("/a07"), "rack")))
                .isEqualTo("rack=a has 3 tasks, rack=b has 0: expected a difference of at most 1");
        assertThat(onlyMessage(ConstraintChecker.evenlyBy(CapturedFixtures.placement("/a03"), "hostname")))
                .isEqualTo("hostname=cf-a1 has 2 tasks, hostname=cf-a2 has 0, hostname=cf-b1 has 1, "
                        + "hostname=cf-b2 has 1: expected a difference of at most 1");
    }

    @Test
    void badArgumentsAreNamed() {
        Placement p = CapturedFixtures.placement("/a01");
        assertThatThrownBy(() -> ConstraintChecker.spreadOver(p, "rack", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minDistinctValues must be >= 1, was 0");
        assertThatThrownBy(() -> ConstraintChecker.atMostPerAgent(p, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be >= 0, was -1");
        assertThatThrownBy(() -> ConstraintChecker.onlyOn(p, "", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("field of onlyOn must not be empty");
        assertThatThrownBy(() -> ConstraintChecker.onlyOn(p, "rack", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value for onlyOn(rack) must not be empty");
    }
}
