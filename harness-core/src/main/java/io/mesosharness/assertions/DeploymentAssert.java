package io.mesosharness.assertions;

import org.assertj.core.api.AbstractAssert;

/**
 * Checks of one recorded deployment, from {@code assertThat(cluster).app("/web").lastDeployment()}: whether it kept
 * the healthy capacity and stayed within the over-capacity its app's {@code upgradeStrategy} promises (or the given
 * fractions). A failure shows the whole timeline: time, healthy, running, staged and what happened, the offending
 * moments marked {@code >}. See docs/CHECKS.md.
 */
public final class DeploymentAssert extends AbstractAssert<DeploymentAssert, RecordedDeployment> {

    DeploymentAssert(RecordedDeployment deployment) {
        super(deployment, DeploymentAssert.class);
    }

    /** The deployment ended with {@code deployment_success}. */
    public DeploymentAssert succeeded() {
        isNotNull();
        if (actual.outcome() != RecordedDeployment.Outcome.SUCCEEDED) {
            failWithMessage(
                    "%s",
                    "Expected deployment " + actual.deploymentId() + " of " + actual.appId() + " to succeed, but it "
                            + actual.outcome().name().toLowerCase(java.util.Locale.ROOT)
                            + (actual.failure() == null ? "" : ": " + actual.failure()) + "\nTimeline:\n"
                            + CapacityJudge.table(actual.timeline(), p -> false));
        }
        return myself;
    }

    /**
     * At every moment of the deployment at least {@code ceil(instances × fraction)} instances were healthy (and ready,
     * for apps with readiness checks); {@code instances} is the app's count after the deployment.
     */
    public DeploymentAssert keptHealthyCapacityAtLeast(double fraction) {
        requireFraction("fraction", fraction, 1);
        isNotNull();
        CapacityJudge.healthyBelow(actual, fraction, "as asked").ifPresent(m -> failWithMessage("%s", m));
        return myself;
    }

    /** {@link #keptHealthyCapacityAtLeast} with the app's {@code upgradeStrategy.minimumHealthCapacity}. */
    public DeploymentAssert keptItsMinimumHealthCapacity() {
        isNotNull();
        double fraction = actual.upgradeStrategy().minimumHealth();
        CapacityJudge.healthyBelow(actual, fraction, "the app's upgradeStrategy.minimumHealthCapacity")
                .ifPresent(m -> failWithMessage("%s", m));
        return myself;
    }

    /**
     * At no moment of the deployment were more than {@code floor(instances × factor)} instances launched (running +
     * staged), e.g. {@code neverExceeded(1.2)} for 20 % over capacity.
     */
    public DeploymentAssert neverExceeded(double factor) {
        requireFraction("factor", factor, 2);
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be >= 1 (1.2 = 20 % over capacity), got " + factor);
        }
        isNotNull();
        CapacityJudge.launchedAbove(actual, factor, "as asked").ifPresent(m -> failWithMessage("%s", m));
        return myself;
    }

    /** {@link #neverExceeded} with {@code 1 + upgradeStrategy.maximumOverCapacity} of the app. */
    public DeploymentAssert keptItsMaximumOverCapacity() {
        isNotNull();
        double factor = 1 + actual.upgradeStrategy().maximumOver();
        CapacityJudge.launchedAbove(actual, factor, "1 + the app's upgradeStrategy.maximumOverCapacity")
                .ifPresent(m -> failWithMessage("%s", m));
        return myself;
    }

    /** Both: {@link #keptItsMinimumHealthCapacity()} and {@link #keptItsMaximumOverCapacity()}. */
    public DeploymentAssert keptItsUpgradeStrategy() {
        return keptItsMinimumHealthCapacity().keptItsMaximumOverCapacity();
    }

    private static void requireFraction(String what, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(what + " must be between 0 and " + max + ", got " + value);
        }
    }
}
