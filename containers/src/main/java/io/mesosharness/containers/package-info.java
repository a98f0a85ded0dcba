/**
 * Testcontainers modules for a local Mesos + Marathon cluster: {@link io.mesosharness.containers.ZooKeeperContainer},
 * {@link io.mesosharness.containers.MesosMasterContainer}, {@link io.mesosharness.containers.MesosAgentContainer}
 * and {@link io.mesosharness.containers.MarathonContainer}, the typed agent values
 * {@link io.mesosharness.containers.MesosAttributes} and {@link io.mesosharness.containers.MesosResources}, and
 * {@link io.mesosharness.containers.HarnessConfiguration} for images and settings.
 *
 * <p>Common to all four containers: the test JVM reaches them at Testcontainers' Docker host ({@code getHost()}:
 * localhost for a local engine, the host of {@code DOCKER_HOST=tcp://host:port} for a remote one); published ports
 * are bound to 127.0.0.1 when that host is a loopback address and to all interfaces otherwise, on a host port picked
 * when the container is created (stable across Docker restarts; when another process takes it first, the start is
 * tried again with another); output goes to SLF4J as {@code [cluster/component] line}; readiness is polled every
 * 100 ms and a failure says what was missing, with the container's last output; a process that exits during start
 * is reported with its exit code. Invalid settings fail in the setter (or in {@code configure()} for missing ones)
 * with a message naming the value, before any container starts.
 */
package io.mesosharness.containers;
