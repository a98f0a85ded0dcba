/**
 * Constraint spreading checks: does the placement of a Marathon app's running tasks over the cluster's agents satisfy
 * its constraints ({@link io.mesosharness.placement.Constraint}, validated like Marathon 1.8 – 1.10), and direct
 * questions such as "spread over at least N values of rack" ({@link io.mesosharness.placement.ConstraintChecker}).
 * Input is a {@link io.mesosharness.placement.Placement} (every agent with hostname, attributes and task count), built
 * e.g. from the Mesos master's JSON by {@link io.mesosharness.placement.Placements#fromMesos}. Self-contained: no
 * dependency on the harness's Marathon or Mesos clients.
 */
package io.mesosharness.placement;
