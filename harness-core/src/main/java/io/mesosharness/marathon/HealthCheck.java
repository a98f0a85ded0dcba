package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A Marathon health check ({@code healthChecks[]} of an app). Build one with {@link #http(String)},
 * {@link #mesosHttp(String)}, {@link #tcp()}, {@link #mesosTcp()} or {@link #command(String)} and tune it with the
 * {@code with*} methods; unset fields take Marathon's defaults (grace 300 s, interval 60 s, timeout 20 s, 3 failures;
 * Mesos-level checks also wait {@code delaySeconds}, 15 s, before their first check).
 *
 * <p>Mesos-level checks run on the agent: {@code MESOS_HTTP}/{@code MESOS_HTTPS} call {@code curl}, so the agent
 * image needs curl (the harness's agent image is only assumed to have sh and perl: use a {@link #command(String)}
 * check there, e.g. a perl connect to {@code 127.0.0.1:$PORT0}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheck(
        String protocol,
        String path,
        Integer portIndex,
        Integer port,
        Command command,
        Integer gracePeriodSeconds,
        Integer intervalSeconds,
        Integer timeoutSeconds,
        Integer maxConsecutiveFailures,
        Integer delaySeconds) {

    /** Protocols Marathon accepts. */
    public static final Set<String> PROTOCOLS =
            Set.of("HTTP", "HTTPS", "TCP", "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP");

    /** The shell command of a COMMAND check. */
    public record Command(String value) {}

    public HealthCheck {
        if (protocol != null) {
            protocol = protocol.toUpperCase(Locale.ROOT);
            if (!PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException(
                        "healthCheck protocol '" + protocol + "' is not one of " + PROTOCOLS);
            }
        }
    }

    /** Marathon-level HTTP check on port index 0. */
    public static HealthCheck http(String path) {
        return onPort0("HTTP", Objects.requireNonNull(path, "path"));
    }

    /**
     * Agent-level (Mesos) HTTP check on port index 0; the task must listen on 127.0.0.1 too. The agent runs it with
     * {@code curl}, so it needs curl in the agent image (MESOS_HTTPS likewise); without curl use {@link #command(String)}.
     */
    public static HealthCheck mesosHttp(String path) {
        return onPort0("MESOS_HTTP", Objects.requireNonNull(path, "path"));
    }

    /** Marathon-level TCP check on port index 0. */
    public static HealthCheck tcp() {
        return onPort0("TCP", null);
    }

    /** Agent-level (Mesos) TCP check on port index 0. */
    public static HealthCheck mesosTcp() {
        return onPort0("MESOS_TCP", null);
    }

    private static HealthCheck onPort0(String protocol, String path) {
        return new HealthCheck(protocol, path, 0, null, null, null, null, null, null, null);
    }

    /** Agent-level COMMAND check: healthy while {@code shellCommand} exits 0. */
    public static HealthCheck command(String shellCommand) {
        if (shellCommand == null || shellCommand.isBlank()) {
            throw new IllegalArgumentException(
                    "COMMAND health check needs a non-empty command, got '" + shellCommand + "'");
        }
        return new HealthCheck("COMMAND", null, null, null, new Command(shellCommand), null, null, null, null, null);
    }

    public HealthCheck withGracePeriodSeconds(int seconds) {
        return with("gracePeriodSeconds", seconds);
    }

    public HealthCheck withIntervalSeconds(int seconds) {
        return with("intervalSeconds", seconds);
    }

    public HealthCheck withTimeoutSeconds(int seconds) {
        return with("timeoutSeconds", seconds);
    }

    public HealthCheck withMaxConsecutiveFailures(int failures) {
        return with("maxConsecutiveFailures", failures);
    }

    /**
     * Seconds the agent waits after the task started before the first check of a Mesos-level check (MESOS_*, COMMAND);
     * Marathon's default is 15. Marathon-level checks ignore it.
     */
    public HealthCheck withDelaySeconds(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("healthCheck delaySeconds must be >= 0, got " + seconds);
        }
        return with("delaySeconds", seconds);
    }

    /** A copy with {@code field} set, through the JSON form. */
    private HealthCheck with(String field, int value) {
        ObjectNode json = HttpSupport.mapper().valueToTree(this);
        return HttpSupport.mapper().convertValue(json.put(field, value), HealthCheck.class);
    }
}
