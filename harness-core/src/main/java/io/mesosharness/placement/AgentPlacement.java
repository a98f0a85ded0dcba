package io.mesosharness.placement;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One Mesos agent and how many running tasks of the checked app it holds.
 *
 * @param attributes as the Mesos master reports them: {@link String} for text, {@link Number} for scalars, a
 *                   {@link String} like {@code "[1000-1500]"} for ranges
 */
public record AgentPlacement(String agentId, String hostname, Map<String, Object> attributes, int tasks) {

    private static final Pattern RANGES =
            Pattern.compile("\\[\\s*(\\d+\\s*-\\s*\\d+(\\s*,\\s*\\d+\\s*-\\s*\\d+)*)\\s*]");

    public AgentPlacement {
        require(
                agentId != null && !agentId.isBlank(),
                "agentId must not be blank (agent with hostname " + hostname + ")");
        require(hostname != null && !hostname.isBlank(), "hostname of agent " + agentId + " must not be blank");
        require(tasks >= 0, "tasks of agent " + hostname + " must be >= 0, was " + tasks);
        Map<String, Object> copy = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.forEach((name, v) -> {
                require(name != null && !name.isEmpty(), "agent " + hostname + " has an attribute without a name");
                require(
                        v instanceof String || v instanceof Number,
                        "attribute " + name + " of agent " + hostname
                                + " must be a String (text, ranges) or a Number (scalar), was "
                                + (v == null ? "null" : v.getClass().getName() + " " + v));
                copy.put(name, v);
            });
        }
        attributes = Collections.unmodifiableMap(copy);
    }

    /**
     * The value Marathon compares for a constraint field on this agent: the hostname for {@code hostname} and
     * {@code @hostname}, else the attribute as {@link #formatAttribute(Object)} gives it; empty if the agent lacks it.
     * {@code @region} and {@code @zone} (the fault domain, not modelled) throw {@link IllegalArgumentException}.
     */
    public Optional<String> fieldValue(String field) {
        requireSupported(field, "fieldValue");
        Object v = attributes.get(field);
        return "hostname".equals(field) || "@hostname".equals(field)
                ? Optional.of(hostname)
                : Optional.ofNullable(v).map(AgentPlacement::formatAttribute);
    }

    /** Rejects an empty field and the fault-domain fields, naming {@code where} the field was given. */
    static void requireSupported(String field, String where) {
        require(field != null && !field.isEmpty(), "field of " + where + " must not be empty");
        require(
                !"@region".equals(field) && !"@zone".equals(field),
                where + ": field " + field + " reads the agent's fault domain (mesos-agent --domain), not an"
                        + " attribute; the placement checker does not support fault-domain fields, use an agent"
                        + " attribute such as zone instead");
    }

    /** Throws an {@link IllegalArgumentException} with this message unless {@code ok}. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * An attribute value as Marathon's {@code Constraints.getValueString} formats it: scalars {@code 0.###} (half-even:
     * 3.0 → {@code 3}, 0.80 → {@code 0.8}), ranges {@code [b-e,...]} sorted by begin, text as is.
     */
    public static String formatAttribute(Object value) {
        if (value instanceof Number n) {
            return formatScalar(n.doubleValue());
        }
        String text = value.toString();
        Matcher m = RANGES.matcher(text);
        if (m.matches()) {
            List<long[]> ranges = new ArrayList<>();
            for (String r : m.group(1).split(",")) {
                String[] be = r.trim().split("\\s*-\\s*");
                ranges.add(new long[] {Long.parseLong(be[0].trim()), Long.parseLong(be[1].trim())});
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            return ranges.stream().map(r -> r[0] + "-" + r[1]).collect(Collectors.joining(",", "[", "]"));
        }
        return text;
    }

    /** A scalar in Marathon's {@code 0.###} format (locale independent). */
    public static String formatScalar(double scalar) {
        DecimalFormat format = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(scalar);
    }

    /** Attributes rendered like the agent flag, {@code rack:a;zone:z1} (scalars formatted). */
    public String renderAttributes() {
        return attributes.entrySet().stream()
                .map(e -> e.getKey() + ":" + formatAttribute(e.getValue()))
                .collect(Collectors.joining(";"));
    }
}
