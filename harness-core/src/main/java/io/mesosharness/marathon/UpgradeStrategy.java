package io.mesosharness.marathon;

/**
 * An app's {@code upgradeStrategy}: during a restart or upgrade at least {@code minimumHealthCapacity × instances}
 * instances stay healthy and at most {@code (1 + maximumOverCapacity) × instances} run. Unset fields take Marathon's
 * defaults (1.0 and 1.0).
 */
public record UpgradeStrategy(Double minimumHealthCapacity, Double maximumOverCapacity) {

    /** Marathon's default for both fields. */
    public static final double DEFAULT = 1.0;

    /** The minimum healthy fraction, Marathon's default if unset. */
    public double minimumHealth() {
        return minimumHealthCapacity == null ? DEFAULT : minimumHealthCapacity;
    }

    /** The allowed extra fraction, Marathon's default if unset. */
    public double maximumOver() {
        return maximumOverCapacity == null ? DEFAULT : maximumOverCapacity;
    }
}
