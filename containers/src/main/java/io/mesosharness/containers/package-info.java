/**
 * Testcontainers modules for a local Mesos + Marathon cluster: {@link io.mesosharness.containers.ZooKeeperContainer},
 * {@link io.mesosharness.containers.MesosMasterContainer}, {@link io.mesosharness.containers.MesosAgentContainer}
 * and {@link io.mesosharness.containers.MarathonContainer}, the typed agent values
 * {@link io.mesosharness.containers.MesosAttributes} and {@link io.mesosharness.containers.MesosResources}, and
 * {@link io.mesosharness.containers.HarnessConfiguration} for images and settings.
 *
 * <p>Common to all four containers: published ports are bound to 127.0.0.1 only, on a free port picked when the
 * container is created (stable across Docker restarts); output goes to SLF4J as {@code [cluster/component] line};
 * readiness is polled every 100 ms and a failure says what was missing, with the container's last output; a
 * process that exits during start is reported with its exit code. Invalid settings fail in the setter (or in
 * {@code configure()} for missing ones) with a message naming the value, before any container starts.
 */
package io.mesosharness.containers;
