package io.mesosharness.mesos;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent as the master reports it ({@code /master/slaves}, {@code /master/state}). Attributes keep their JSON types:
 * text values are strings, scalar values are numbers (e.g. {@code gen:3} arrives as {@code 3.0}). Resource maps look
 * like {@code {"cpus":2.0,"mem":2048.0,"disk":4096.0,"ports":"[31000-31099]"}}.
 */
public record Agent(
        String id,
        String hostname,
        int port,
        String pid,
        Map<String, Object> attributes,
        Map<String, Object> resources,
        @JsonProperty("used_resources") Map<String, Object> usedResources,
        @JsonProperty("offered_resources") Map<String, Object> offeredResources,
        @JsonProperty("reserved_resources") Map<String, Map<String, Object>> reservedResources,
        @JsonProperty("unreserved_resources") Map<String, Object> unreservedResources,
        @JsonProperty("reserved_resources_full") Map<String, List<Map<String, Object>>> reservedResourcesFull,
        boolean active,
        boolean deactivated,
        String version,
        @JsonProperty("registered_time") Double registeredTime,
        @JsonProperty("reregistered_time") Double reregisteredTime) {

    /**
     * An attribute as text, the way Marathon constraints compare it: numbers without a fractional part lose the
     * {@code .0} ({@code 3.0} gives {@code "3"}).
     */
    public Optional<String> attribute(String name) {
        Object value = attributes.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d)) {
                return Optional.of(Long.toString((long) d));
            }
            return Optional.of(Double.toString(d));
        }
        return Optional.of(value.toString());
    }

    /** A scalar resource ({@code cpus}, {@code mem}, {@code disk}, {@code gpus}) of {@link #resources()}, 0 if absent. */
    public double resource(String name) {
        return resources.get(name) instanceof Number n ? n.doubleValue() : 0.0;
    }

    /** {@code ip:port} from the pid ({@code slave(1)@172.29.0.4:5051}), or {@code hostname:port}. */
    public String address() {
        return pid != null && pid.contains("@") ? pid.substring(pid.indexOf('@') + 1) : hostname + ":" + port;
    }
}
