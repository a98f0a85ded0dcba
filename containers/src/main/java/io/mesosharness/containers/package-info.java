/**
 * Testcontainers modules for a local Mesos + Marathon cluster: {@link io.mesosharness.containers.ZooKeeperContainer},
 * {@link io.mesosharness.containers.MesosMasterContainer}, {@link io.mesosharness.containers.MesosAgentContainer} and
 * {@link io.mesosharness.containers.MarathonContainer}, the agent values
 * {@link io.mesosharness.containers.MesosAttributes} and {@link io.mesosharness.containers.MesosResources}, and
 * {@link io.mesosharness.containers.HarnessConfiguration} for images and settings. The containers trust their
 * settings: the harness' topologies validate them.
 */
package io.mesosharness.containers;
