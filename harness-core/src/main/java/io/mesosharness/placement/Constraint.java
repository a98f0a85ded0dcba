package io.mesosharness.placement;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mesosharness.http.HttpSupport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Marathon placement constraint, {@code [field, OPERATOR]} or {@code [field, OPERATOR, value]}; the field is
 * {@code hostname}, {@code @hostname}, {@code @region}, {@code @zone} or an agent attribute.
 *
 * <p>{@link #parse(List)} validates exactly like Marathon 1.8 – 1.10 on {@code POST /v2/apps}
 * ({@code SchedulingValidation.complyWithAppConstraintRules}): operators case-insensitive, and what Marathon answers
 * with 422 raises an {@link InvalidConstraintException} carrying Marathon's message. Marathon accepts, although it looks
 * odd: {@code CLUSTER} or {@code IS} without a value (IS compares the empty string), {@code LIKE}/{@code UNLIKE} with
 * an empty value (never matches), {@code MAX_PER} 0 or negative (as 1), {@code GROUP_BY 0} (as no value).
 */
public record Constraint(String field, Operator operator, Optional<String> value) {

    /** Marathon's constraint operators; their rules: {@link ConstraintChecker}. */
    public enum Operator {
        UNIQUE,
        CLUSTER,
        GROUP_BY,
        LIKE,
        UNLIKE,
        MAX_PER,
        IS
    }

    static final String ILLEGAL = "illegal constraint specification";
    static final String OPERATOR_INVALID =
            "operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS";

    private static final Pattern MESOS_LITERAL_OR_FLOAT = Pattern.compile("^[a-zA-Z0-9_/.-]*$");

    /** Validates like Marathon; prefer {@link #parse(List)} or {@link #of(String...)}. */
    public Constraint {
        Objects.requireNonNull(operator, "operator");
        value = value == null ? Optional.empty() : value;
        List<String> raw = elements(field, operator, value);
        if (field == null || field.isEmpty()) {
            throw new InvalidConstraintException(raw, "", ILLEGAL, " (the field is empty)");
        }
        validateValue(raw, operator, value);
    }

    /** Parses a constraint as in app JSON, e.g. {@code ["rack","GROUP_BY","2"]}; rejects what Marathon would. */
    public static Constraint parse(List<String> constraint) {
        if (constraint == null) {
            throw new InvalidConstraintException(null, "", ILLEGAL, " (the constraint is null)");
        }
        if (constraint.size() < 2 || constraint.size() > 3) {
            throw new InvalidConstraintException(
                    constraint,
                    "",
                    "Each constraint must have either 2 or 3 fields",
                    " (this one has " + constraint.size() + ")");
        }
        String field = constraint.get(0);
        String op = constraint.get(1);
        Optional<String> value = Optional.ofNullable(constraint.size() == 3 ? constraint.get(2) : null);
        if (field == null || field.isEmpty() || op == null || (constraint.size() == 3 && value.isEmpty())) {
            throw new InvalidConstraintException(
                    constraint, "", ILLEGAL, " (field and operator must be non-empty strings, the value a string)");
        }
        Operator operator;
        try {
            operator = Operator.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConstraintException(
                    constraint, "operator " + json(op) + " is unknown: ", OPERATOR_INVALID, "");
        }
        // validate first so that the exception names the constraint as the user wrote it
        validateValue(constraint, operator, value);
        return new Constraint(field, operator, value);
    }

    /** {@code Constraint.of("rack", "GROUP_BY", "2")}: same as {@link #parse(List)}. */
    public static Constraint of(String... parts) {
        return parse(parts == null ? null : Arrays.asList(parts));
    }

    /** Parses an app's {@code constraints}; the first one Marathon would reject fails, prefixed with its index. */
    public static List<Constraint> parseAll(List<List<String>> constraints) {
        Objects.requireNonNull(constraints, "constraints");
        List<Constraint> parsed = new ArrayList<>(constraints.size());
        for (int i = 0; i < constraints.size(); i++) {
            try {
                parsed.add(parse(constraints.get(i)));
            } catch (InvalidConstraintException e) {
                throw e.at("constraints[" + i + "]: ");
            }
        }
        return List.copyOf(parsed);
    }

    /** The constraint as app JSON elements. */
    public List<String> toList() {
        return List.copyOf(elements(field, operator, value));
    }

    private static List<String> elements(String field, Operator operator, Optional<String> value) {
        List<String> out = new ArrayList<>(Arrays.asList(field, operator.name()));
        value.ifPresent(out::add);
        return out;
    }

    /** JSON form, e.g. {@code ["rack","GROUP_BY","2"]}. */
    @Override
    public String toString() {
        return json(toList());
    }

    /** A string or a list of strings as JSON, for messages. */
    static String json(Object value) {
        try {
            return HttpSupport.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void validateValue(List<String> raw, Operator operator, Optional<String> value) {
        String v = value.orElse(null);
        switch (operator) {
            case UNIQUE -> {
                if (v != null) {
                    throw new InvalidConstraintException(raw, "", "UNIQUE does not accept a value", "");
                }
            }
            case CLUSTER -> {} // value is optional
            case GROUP_BY -> {
                if (v != null && !isInt(v)) {
                    throw new InvalidConstraintException(
                            raw,
                            json(v) + " is not an integer: ",
                            "GROUP BY must define an integer value or else no value at all",
                            "");
                }
            }
            case MAX_PER -> {
                if (v == null || !isInt(v)) {
                    throw new InvalidConstraintException(
                            raw,
                            v == null ? "" : json(v) + " is not an integer: ",
                            "MAX_PER requires an integer value",
                            "");
                }
            }
            case LIKE, UNLIKE -> {
                if (v == null) {
                    throw new InvalidConstraintException(
                            raw, "", "LIKE and UNLIKE require a non-empty, regular expression value", "");
                }
                try {
                    Pattern.compile(v);
                } catch (PatternSyntaxException e) {
                    throw new InvalidConstraintException(
                            raw,
                            "the value " + json(v) + " ",
                            "is not a valid regular expression",
                            " (" + e.getDescription() + " near index " + e.getIndex() + ")");
                }
            }
            case IS -> {
                if (!MESOS_LITERAL_OR_FLOAT.matcher(value.orElse("")).matches()) {
                    throw new InvalidConstraintException(
                            raw,
                            "the value " + json(v) + " may only contain [a-zA-Z0-9_/.-]: ",
                            "IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)",
                            "");
                }
            }
        }
    }

    /** Scala's {@code String.toInt}, i.e. {@link Integer#parseInt(String)}. */
    private static boolean isInt(String s) {
        try {
            Integer.parseInt(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
