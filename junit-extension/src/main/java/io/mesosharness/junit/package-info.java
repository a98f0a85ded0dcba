/**
 * JUnit Jupiter integration: {@link io.mesosharness.junit.MesosCluster} on a test class gives it a Mesos + Marathon
 * cluster (shared by classes asking for the same topology), injects the handle, the clients and agents, resets
 * between tests, skips without Docker or images, and attaches diagnostics to failed tests. See docs/JUNIT.md.
 */
package io.mesosharness.junit;
