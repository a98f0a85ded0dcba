package io.mesosharness.marathon;

/** The deployment a change started: its id (to wait for) and the new app version. */
public record DeploymentRef(String deploymentId, String version) {}
