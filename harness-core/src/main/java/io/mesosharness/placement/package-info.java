/**
 * Constraint spreading checks: does the placement of a Marathon app's running tasks over the cluster's agents satisfy
 * its constraints ({@link io.mesosharness.placement.Constraint}, validated like Marathon 1.8 – 1.10), and direct
 * questions such as "spread over at least N values of rack" ({@link io.mesosharness.placement.ConstraintChecker}).
 * Input is a {@link io.mesosharness.placement.Placement} (every agent with hostname, attributes and task count), built
 * from the cluster by {@code io.mesosharness.assertions.ClusterPlacement}.
 */
package io.mesosharness.placement;
