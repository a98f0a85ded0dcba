package io.mesosharness.topology;

/**
 * How an Ansible inventory is read.
 *
 * @param scaleToFit      scale the agents' resources to fit one machine ({@link Topology#scaledToFitOneMachine()})
 * @param strictVariables also refuse any variable of a Mesos host that is neither {@code ansible_*} nor one of the
 *                        mesos-harness variables (unknown {@code mesos_*} variables are always refused)
 */
public record InventoryOptions(boolean scaleToFit, boolean strictVariables) {

    /** Scaled to fit, not strict: what {@link TopologyFiles#load} uses. */
    public static InventoryOptions defaults() {
        return new InventoryOptions(true, false);
    }

    public InventoryOptions withStrictVariables(boolean strict) {
        return new InventoryOptions(scaleToFit, strict);
    }
}
