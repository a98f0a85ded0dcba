package io.mesosharness.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.placement.Constraint.Operator;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class ConstraintParseTest {

    /** The 422 answers captured from Marathon 1.8: same message, constraint named as JSON. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A11a-rack-GROUP_BY-x-post.json",
                "A11b-rack-FOO-post.json",
                "A11d-rack-MAX_PER-novalue-post.json"
            })
    void reproducesCaptured422(String file) {
        JsonNode post = CapturedFixtures.json(file);
        assertThat(post.path("status").asInt()).isEqualTo(422);
        List<List<String>> request =
                CapturedFixtures.stringLists(post.path("request").path("constraints"));
        String expected = post.path("response")
                .path("details")
                .get(0)
                .path("errors")
                .get(0)
                .asText();

        assertThatThrownBy(() -> Constraint.parseAll(request))
                .isInstanceOfSatisfying(InvalidConstraintException.class, e -> {
                    assertThat(e.marathonMessage()).isEqualTo(expected);
                    assertThat(e.constraint()).isEqualTo(request.get(0));
                    assertThat(e.getMessage())
                            .startsWith("constraints[0]: Invalid constraint " + Constraint.json(request.get(0)) + ": ")
                            .contains(expected);
                });
    }

    @Test
    void capturedMessagesAreTheExpectedTexts() {
        assertThatThrownBy(() -> Constraint.of("rack", "GROUP_BY", "x"))
                .hasMessage("Invalid constraint [\"rack\",\"GROUP_BY\",\"x\"]: \"x\" is not an integer: "
                        + "GROUP BY must define an integer value or else no value at all");
        assertThatThrownBy(() -> Constraint.of("rack", "FOO"))
                .hasMessage("Invalid constraint [\"rack\",\"FOO\"]: operator \"FOO\" is unknown: operator must be one "
                        + "of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS");
        assertThatThrownBy(() -> Constraint.of("rack", "MAX_PER"))
                .hasMessage("Invalid constraint [\"rack\",\"MAX_PER\"]: MAX_PER requires an integer value");
    }

    /** Every request Marathon accepted with 201 (A01-A10, A11c, A12) parses and renders back identically. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "A01-hostname-UNIQUE-post.json",
                "A02-hostname-UNIQUE-x5-post.json",
                "A03-rack-GROUP_BY-post.json",
                "A04-rack-GROUP_BY-2-post.json",
                "A05-zone-CLUSTER-z1-post.json",
                "A06-disk_type-LIKE-ss-post.json",
                "A07-disk_type-UNLIKE-ssd-post.json",
                "A08-rack-MAX_PER-1-post.json",
                "A09-gen-IS-3-post.json",
                "A10-rack-IS-c-post.json",
                "A11c-rack-CLUSTER-novalue-post.json",
                "A12-hostname-CLUSTER-cf-a1-post.json"
            })
    void acceptsWhatMarathonAccepted(String file) {
        JsonNode post = CapturedFixtures.json(file);
        assertThat(post.path("status").asInt()).isEqualTo(201);
        List<List<String>> request =
                CapturedFixtures.stringLists(post.path("request").path("constraints"));

        List<Constraint> parsed = Constraint.parseAll(request);

        assertThat(parsed).hasSize(1);
        assertThat(parsed.get(0).toList()).isEqualTo(request.get(0));
        assertThat(parsed.get(0).toString())
                .isEqualTo(post.path("response").path("constraints").get(0).toString());
    }

    @Test
    void clusterWithoutValueIsAcceptedLikeA11c() {
        Constraint c = Constraint.of("rack", "CLUSTER");
        assertThat(c.operator()).isEqualTo(Operator.CLUSTER);
        assertThat(c.value()).isEmpty();
        assertThat(c).hasToString("[\"rack\",\"CLUSTER\"]");
    }

    @Test
    void rendersAsJson() {
        assertThat(Constraint.of("rack", "GROUP_BY", "2")).hasToString("[\"rack\",\"GROUP_BY\",\"2\"]");
        assertThat(Constraint.of("hostname", "CLUSTER", "a\"b\\c"))
                .hasToString("[\"hostname\",\"CLUSTER\",\"a\\\"b\\\\c\"]");
    }

    @Test
    void operatorIsCaseInsensitiveLikeMarathon() {
        Constraint c = Constraint.of("hostname", "unique");
        assertThat(c.operator()).isEqualTo(Operator.UNIQUE);
        assertThat(c).hasToString("[\"hostname\",\"UNIQUE\"]");
    }

    @Test
    void wrongNumberOfElements() {
        for (List<String> bad : List.of(List.<String>of(), List.of("rack"), List.of("rack", "CLUSTER", "a", "b"))) {
            assertThatThrownBy(() -> Constraint.parse(bad))
                    .isInstanceOfSatisfying(
                            InvalidConstraintException.class,
                            e -> assertThat(e.marathonMessage())
                                    .isEqualTo("Each constraint must have either 2 or 3 fields"))
                    .hasMessageContaining(Constraint.json(bad))
                    .hasMessageContaining("(this one has " + bad.size() + ")");
        }
    }

    @Test
    void uniqueDoesNotAcceptAValue() {
        assertThatThrownBy(() -> Constraint.of("hostname", "UNIQUE", ""))
                .isInstanceOfSatisfying(
                        InvalidConstraintException.class,
                        e -> assertThat(e.marathonMessage()).isEqualTo("UNIQUE does not accept a value"))
                .hasMessage("Invalid constraint [\"hostname\",\"UNIQUE\",\"\"]: UNIQUE does not accept a value");
    }

    @Test
    void likeAndUnlikeNeedAValidRegex() {
        for (String op : List.of("LIKE", "UNLIKE")) {
            assertThatThrownBy(() -> Constraint.of("rack", op))
                    .isInstanceOfSatisfying(
                            InvalidConstraintException.class,
                            e -> assertThat(e.marathonMessage())
                                    .isEqualTo("LIKE and UNLIKE require a non-empty, regular expression value"));
            assertThatThrownBy(() -> Constraint.of("rack", op, "[a-"))
                    .isInstanceOfSatisfying(
                            InvalidConstraintException.class,
                            e -> assertThat(e.marathonMessage()).isEqualTo("is not a valid regular expression"))
                    .hasMessageStartingWith("Invalid constraint [\"rack\",\"" + op + "\",\"[a-\"]: the value \"[a-\" "
                            + "is not a valid regular expression (");
        }
        // Marathon accepts an empty regex (it then never matches)
        assertThat(Constraint.of("rack", "LIKE", "").value()).contains("");
    }

    @Test
    void groupByAndMaxPerNeedIntegers() {
        assertThat(Constraint.of("rack", "GROUP_BY").value()).isEmpty();
        assertThat(Constraint.of("rack", "GROUP_BY", "3").value()).contains("3");
        assertThat(Constraint.of("rack", "MAX_PER", "0").value()).contains("0");
        for (String bad : List.of("inf", "2.5", " 2", "")) {
            assertThatThrownBy(() -> Constraint.of("rack", "GROUP_BY", bad))
                    .isInstanceOfSatisfying(
                            InvalidConstraintException.class,
                            e -> assertThat(e.marathonMessage())
                                    .isEqualTo("GROUP BY must define an integer value or else no value at all"));
            assertThatThrownBy(() -> Constraint.of("rack", "MAX_PER", bad))
                    .isInstanceOfSatisfying(
                            InvalidConstraintException.class,
                            e -> assertThat(e.marathonMessage()).isEqualTo("MAX_PER requires an integer value"));
        }
    }

    @Test
    void isAcceptsOnlyMesosTextOrFloat() {
        assertThat(Constraint.of("gen", "IS", "3").value()).contains("3");
        assertThat(Constraint.of("gen", "IS", "3.5").value()).contains("3.5");
        assertThat(Constraint.of("path", "IS", "a/b_c-d.e").value()).contains("a/b_c-d.e");
        assertThat(Constraint.of("gen", "IS").value()).isEmpty();
        for (String bad : List.of("a b", "[1-2]", "{a,b}", "x:y")) {
            assertThatThrownBy(() -> Constraint.of("gen", "IS", bad))
                    .isInstanceOfSatisfying(
                            InvalidConstraintException.class,
                            e -> assertThat(e.marathonMessage())
                                    .startsWith("IS only supports Mesos text and float values"))
                    .hasMessageContaining(Constraint.json(bad));
        }
    }

    @Test
    void emptyOrNullFieldIsIllegal() {
        assertThatThrownBy(() -> Constraint.of("", "UNIQUE"))
                .isInstanceOfSatisfying(
                        InvalidConstraintException.class,
                        e -> assertThat(e.marathonMessage()).isEqualTo("illegal constraint specification"));
        assertThatThrownBy(() -> Constraint.parse(Arrays.asList("rack", null)))
                .isInstanceOf(InvalidConstraintException.class)
                .hasMessageContaining("[\"rack\",null]");
    }

    @Test
    void parseAllNamesTheIndexOfTheFirstBadConstraint() {
        assertThatThrownBy(() ->
                        Constraint.parseAll(List.of(List.of("hostname", "UNIQUE"), List.of("rack", "MAX_PER", "x"))))
                .isInstanceOf(InvalidConstraintException.class)
                .hasMessage("constraints[1]: Invalid constraint [\"rack\",\"MAX_PER\",\"x\"]: \"x\" is not an "
                        + "integer: MAX_PER requires an integer value");
        assertThat(Constraint.parseAll(List.of())).isEmpty();
    }

    @Test
    void recordConstructorValidatesToo() {
        assertThatThrownBy(() -> new Constraint("rack", Operator.MAX_PER, Optional.empty()))
                .isInstanceOf(InvalidConstraintException.class)
                .hasMessage("Invalid constraint [\"rack\",\"MAX_PER\"]: MAX_PER requires an integer value");
        assertThat(new Constraint("rack", Operator.CLUSTER, null).value()).isEmpty();
    }
}
