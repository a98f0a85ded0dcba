package io.mesosharness.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a {@link MarathonApp} definition must be: a JSON object (not a pod or group) with an id that follows
 * Marathon's rules, and well-typed {@code instances}, resources and constraints.
 */
final class MarathonAppValidation {

    static final Pattern ID_SEGMENT =
            Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");

    private MarathonAppValidation() {}

    /** Checks the definition; a problem is an {@link IllegalArgumentException} naming the app and the source. */
    static void validate(ObjectNode json, String source) {
        if (json.has("containers") || json.has("scaling")) {
            throw new IllegalArgumentException("Marathon app definition from " + source
                    + " looks like a pod (it has 'containers'/'scaling'); only app definitions are supported");
        }
        if (json.has("apps") || json.has("groups")) {
            throw new IllegalArgumentException("Marathon app definition from " + source
                    + " looks like a group (it has 'apps'/'groups'); only app definitions are supported");
        }
        JsonNode id = json.get("id");
        if (id == null || id.isNull() || !id.isTextual() || id.asText().isBlank()) {
            throw new IllegalArgumentException("Marathon app definition from " + source + " has no 'id' (got "
                    + (id == null ? "nothing" : id) + ")");
        }
        checkId(id.asText(), source);
        String appId = id.asText().startsWith("/") ? id.asText() : "/" + id.asText();
        JsonNode instances = json.get("instances");
        if (instances != null && !(instances.isIntegralNumber() && instances.asInt() >= 0)) {
            throw new IllegalArgumentException("Marathon app '" + appId + "' from " + source
                    + ": 'instances' must be an integer >= 0, got " + instances);
        }
        for (String field : List.of("cpus", "mem", "disk")) {
            JsonNode value = json.get(field);
            if (value != null && !(value.isNumber() && value.asDouble() >= 0)) {
                throw new IllegalArgumentException("Marathon app '" + appId + "' from " + source + ": '" + field
                        + "' must be a number >= 0, got " + value);
            }
        }
        JsonNode constraints = json.get("constraints");
        if (constraints != null && !constraints.isNull()) {
            if (!constraints.isArray()) {
                throw new IllegalArgumentException("Marathon app '" + appId + "' from " + source
                        + ": 'constraints' must be an array of [field, operator, value?] arrays, got " + constraints);
            }
            for (JsonNode constraint : constraints) {
                boolean ok = constraint.isArray() && constraint.size() >= 2 && constraint.size() <= 3;
                for (JsonNode part : constraint) {
                    ok &= part.isTextual();
                }
                if (!ok) {
                    throw new IllegalArgumentException("Marathon app '" + appId + "' from " + source
                            + ": each constraint must be [field, operator] or [field, operator, value] of strings, got "
                            + constraint);
                }
            }
        }
    }

    private static void checkId(String id, String source) {
        String path = id.startsWith("/") ? id.substring(1) : id;
        if (path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException("Marathon app id '" + id + "' from " + source
                    + " is not valid: it must name an app, e.g. /my-app or /group/my-app");
        }
        for (String segment : path.split("/", -1)) {
            if (!ID_SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException(
                        "Marathon app id '" + id + "' from " + source + " is not valid: segment '"
                                + segment + "' must consist of lowercase letters, digits, '-' and '.', "
                                + "starting and ending with a letter or digit");
            }
        }
    }

    /** A fraction setting of the app (between 0 and 1). */
    static void fraction(String appId, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " of app '" + appId + "' must be between 0 and 1, got " + value);
        }
    }

    static void requireName(String appId, String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " name of app '" + appId + "' must not be empty");
        }
    }

    static double positive(String appId, String field, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(field + " of app '" + appId + "' must be > 0, got " + value);
        }
        return value;
    }
}
