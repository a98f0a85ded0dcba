package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The text a failing test prints. */
@Tag("unit")
class ReportTest {

    @Test
    void violatedReportExplainsAndShowsTheTable() {
        Placement p = CapturedFixtures.withTasks(
                CapturedFixtures.placement("/a04"), Map.of("cf-a1", 1, "cf-b1", 1, "cf-b2", 0));
        CheckResult result = ConstraintChecker.check(p, List.of(Constraint.of("rack", "GROUP_BY", "2")));

        assertThat(result.report()).isEqualTo("""
                Expected /a04 to satisfy [["rack","GROUP_BY","2"]], but:
                  rack=a has 4 tasks, rack=b has 1: GROUP_BY allows a difference of at most 1
                agent  attributes                          tasks
                cf-a1  rack:a;zone:z1;disk_type:ssd        1
                cf-a2  rack:a;zone:z2;disk_type:hdd        3
                cf-b1  rack:b;zone:z1;disk_type:ssd        1
                cf-b2  rack:b;zone:z2;disk_type:hdd;gen:3  0

                by rack:
                rack=a  agents cf-a1, cf-a2  tasks 4
                rack=b  agents cf-b1, cf-b2  tasks 1""");
    }

    @Test
    void severalChecksPrefixEachViolation() {
        Placement p = CapturedFixtures.withTasks(CapturedFixtures.placement("/a01"), Map.of("cf-a1", 2));
        CheckResult result = ConstraintChecker.check(
                p, List.of(Constraint.of("hostname", "UNIQUE"), Constraint.of("rack", "MAX_PER", "2")));

        assertThat(result.report()).startsWith("""
                Expected /a01 to satisfy [["hostname","UNIQUE"],["rack","MAX_PER","2"]], but:
                  ["hostname","UNIQUE"]: hostname=cf-a1 has 2 tasks: UNIQUE allows at most 1 task per value of hostname
                  ["rack","MAX_PER","2"]: rack=a has 3 tasks: MAX_PER 2 allows at most 2 tasks per value of rack
                agent  attributes""");
        assertThat(result.report()).endsWith("""
                by rack:
                rack=a  agents cf-a1, cf-a2  tasks 3
                rack=b  agents cf-b1, cf-b2  tasks 2""");
    }

    @Test
    void satisfiedReportSaysSo() {
        CheckResult result = ConstraintChecker.atMostPerAgent(CapturedFixtures.placement("/a12"), 2);
        assertThat(result.report()).startsWith("""
                Expected /a12 to run at most 2 tasks per agent, and it does (2 tasks):
                agent  attributes                          tasks
                cf-a1  rack:a;zone:z1;disk_type:ssd        2
                """);
        assertThat(result.toString()).isEqualTo(result.report());
    }

    @Test
    void tableWithoutAndWithGroups() {
        Placement a06 = CapturedFixtures.placement("/a06");
        assertThat(a06.table()).isEqualTo("""
                agent  attributes                          tasks
                cf-a1  rack:a;zone:z1;disk_type:ssd        1
                cf-a2  rack:a;zone:z2;disk_type:hdd        0
                cf-b1  rack:b;zone:z1;disk_type:ssd        2
                cf-b2  rack:b;zone:z2;disk_type:hdd;gen:3  0""");
        assertThat(a06.table("disk_type", "zone")).isEqualTo("""
                disk_type=hdd zone=z2  agents cf-a2, cf-b2  tasks 0
                disk_type=ssd zone=z1  agents cf-a1, cf-b1  tasks 3""");
        assertThat(a06.table("gen")).isEqualTo("""
                gen=(missing)  agents cf-a1, cf-a2, cf-b1  tasks 3
                gen=3          agents cf-b2                tasks 0""");
    }
}
