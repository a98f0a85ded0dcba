package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A readiness check of an app ({@code readinessChecks[]}): during a deployment Marathon counts a new task only once
 * the check answered one of {@code httpStatusCodesForReady}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReadinessCheck(
        String name,
        String protocol,
        String path,
        String portName,
        Integer intervalSeconds,
        Integer timeoutSeconds,
        List<Integer> httpStatusCodesForReady) {

    public ReadinessCheck {
        httpStatusCodesForReady = httpStatusCodesForReady == null ? List.of() : List.copyOf(httpStatusCodesForReady);
    }
}
