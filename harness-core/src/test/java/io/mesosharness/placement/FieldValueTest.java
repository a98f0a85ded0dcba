package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Field lookup and value formatting as Marathon does it. */
@Tag("unit")
class FieldValueTest {

    private static AgentPlacement agent(Map<String, Object> attributes, int tasks) {
        return new AgentPlacement("S9", "host-9", attributes, tasks);
    }

    @Test
    void scalarsAreFormattedWithAtMostThreeDecimals() {
        assertThat(AgentPlacement.formatScalar(3.0)).isEqualTo("3");
        assertThat(AgentPlacement.formatScalar(0.80)).isEqualTo("0.8");
        assertThat(AgentPlacement.formatScalar(2.5)).isEqualTo("2.5");
        assertThat(AgentPlacement.formatScalar(1.00051)).isEqualTo("1.001");
        assertThat(AgentPlacement.formatScalar(1.0004)).isEqualTo("1");
        assertThat(AgentPlacement.formatScalar(1234567.0)).isEqualTo("1234567");
        assertThat(AgentPlacement.formatAttribute(3)).isEqualTo("3");
    }

    @Test
    void scalarFormatDoesNotDependOnTheLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(AgentPlacement.formatScalar(0.8)).isEqualTo("0.8");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void rangesAreSortedWithoutSpacesTextAsIs() {
        assertThat(AgentPlacement.formatAttribute("[31000-32000, 1000-1500]")).isEqualTo("[1000-1500,31000-32000]");
        assertThat(AgentPlacement.formatAttribute("[1000-1500]")).isEqualTo("[1000-1500]");
        assertThat(AgentPlacement.formatAttribute("rack-1")).isEqualTo("rack-1");
    }

    @Test
    void realMasterReportsGenAsTheNumberThree() {
        AgentPlacement b2 = CapturedFixtures.placement("/a09").agents().stream()
                .filter(a -> a.hostname().equals("cf-b2"))
                .findFirst()
                .orElseThrow();
        assertThat(b2.attributes().get("gen")).isInstanceOf(Number.class);
        assertThat(((Number) b2.attributes().get("gen")).doubleValue()).isEqualTo(3.0);
        assertThat(b2.fieldValue("gen")).contains("3");
        assertThat(b2.renderAttributes()).isEqualTo("rack:b;zone:z2;disk_type:hdd;gen:3");
    }

    @Test
    void isComparesScalarsInMarathonFormat() {
        Placement a09 = CapturedFixtures.placement("/a09");
        for (String v : List.of("3", "3.0", "3.000", "03")) {
            assertThat(ConstraintChecker.check(a09, List.of(Constraint.of("gen", "IS", v)))
                            .satisfied())
                    .as("IS %s against gen 3.0", v)
                    .isTrue();
        }
        assertThat(ConstraintChecker.check(a09, List.of(Constraint.of("gen", "IS", "3.1")))
                        .violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("cf-b2 (gen=3) runs 1 task: IS requires gen to be exactly 3.1");
    }

    @Test
    void clusterComparesTheValueAsText() {
        Placement a09 = CapturedFixtures.placement("/a09");
        assertThat(ConstraintChecker.check(a09, List.of(Constraint.of("gen", "CLUSTER", "3")))
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.check(a09, List.of(Constraint.of("gen", "CLUSTER", "3.0")))
                        .violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("cf-b2 (gen=3) runs 1 task: CLUSTER allows only gen=3.0 (Marathon compares CLUSTER "
                        + "values as text and formats the agent's scalar as 3)");
    }

    @Test
    void scalarAttributesCompareFormattedForOtherOperators() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("level", 0.80);
        Placement p = new Placement("/x", List.of(agent(attrs, 2)));
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("level", "LIKE", "0\\.8")))
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("level", "IS", "0.80")))
                        .satisfied())
                .isTrue();
        assertThat(ConstraintChecker.check(p, List.of(Constraint.of("level", "MAX_PER", "1")))
                        .violations())
                .extracting(CheckResult.Violation::message)
                .containsExactly("level=0.8 has 2 tasks: MAX_PER 1 allows at most 1 task per value of level");
    }

    @Test
    void hostnameSpellings() {
        AgentPlacement a = agent(Map.of("rack", "a"), 1);
        assertThat(a.fieldValue("hostname")).contains("host-9");
        assertThat(a.fieldValue("@hostname")).contains("host-9");
        assertThat(a.fieldValue("rack")).contains("a");
        assertThat(a.fieldValue("zone")).isEmpty();
    }

    @Test
    void faultDomainFieldsAreNotSupported() {
        Placement a05 = CapturedFixtures.placement("/a05");
        assertThatThrownBy(() -> ConstraintChecker.check(a05, List.of(Constraint.of("@zone", "CLUSTER", "z1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[\"@zone\",\"CLUSTER\",\"z1\"]")
                .hasMessageContaining("fault domain")
                .hasMessageContaining("does not support");
        assertThatThrownBy(() -> ConstraintChecker.evenlyBy(a05, "@region"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@region");
        assertThatThrownBy(() -> a05.agents().get(0).fieldValue("@zone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fault domain");
    }

    @Test
    void badAgentInputIsNamed() {
        assertThatThrownBy(() -> new AgentPlacement("S1", "h1", Map.of("rack", List.of("a")), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute rack of agent h1");
        assertThatThrownBy(() -> new AgentPlacement("S1", "h1", Map.of(), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tasks of agent h1 must be >= 0");
        assertThatThrownBy(() -> new AgentPlacement("S1", " ", Map.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostname of agent S1");
        AgentPlacement one = new AgentPlacement("S1", "h1", null, 0);
        assertThatThrownBy(() -> new Placement("/x", List.of(one, new AgentPlacement("S1", "h1", null, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent S1 appears twice");
    }
}
