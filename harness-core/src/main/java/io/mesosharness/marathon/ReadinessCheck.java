package io.mesosharness.marathon;

import java.util.List;

/**
 * A readiness check of an app ({@code readinessChecks[]}): during a deployment Marathon counts a new task only once
 * the check answered one of {@code httpStatusCodesForReady}.
 */
public record ReadinessCheck(
        String name,
        String protocol,
        String path,
        String portName,
        Integer intervalSeconds,
        Integer timeoutSeconds,
        List<Integer> httpStatusCodesForReady) {}
