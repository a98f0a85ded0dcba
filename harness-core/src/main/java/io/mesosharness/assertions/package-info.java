/**
 * AssertJ-style checks of what runs on a Mesos + Marathon cluster: deployments, constraint spreading, persistent
 * volumes, health. Entry point: {@link io.mesosharness.assertions.MesosHarnessAssertions#assertThat}; the same waits
 * without AssertJ: {@link io.mesosharness.assertions.Waits}.
 */
package io.mesosharness.assertions;
