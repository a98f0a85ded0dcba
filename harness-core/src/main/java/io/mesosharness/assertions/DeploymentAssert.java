package io.mesosharness.assertions;

import java.util.Locale;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Checks of one recorded deployment, from {@code assertThat(cluster).app("/web").lastDeployment()}: whether it kept
 * the healthy capacity and over-capacity its app's {@code upgradeStrategy} promises (or the given fractions). A
 * failure shows the whole timeline, the offending moments marked {@code >}. See docs/CHECKS.md.
 */
public final class DeploymentAssert extends AbstractAssert<DeploymentAssert, RecordedDeployment> {

    private static final double EPSILON = 1e-9;

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
                            + actual.outcome().name().toLowerCase(Locale.ROOT)
                            + (actual.failure() == null ? "" : ": " + actual.failure()) + "\nTimeline:\n"
                            + CapacityPoint.table(actual.timeline(), p -> false));
        }
        return myself;
    }

    /**
     * At every moment of the deployment at least {@code ceil(instances × fraction)} instances were healthy (and ready,
     * for apps with readiness checks); {@code instances} is the app's count after the deployment.
     */
    public DeploymentAssert keptHealthyCapacityAtLeast(double fraction) {
        requireFraction("fraction", fraction, 1);
        return keptHealthy(fraction, "as asked");
    }

    /** {@link #keptHealthyCapacityAtLeast} with the app's {@code upgradeStrategy.minimumHealthCapacity}. */
    public DeploymentAssert keptItsMinimumHealthCapacity() {
        isNotNull();
        return keptHealthy(actual.upgradeStrategy().minimumHealth(), "the app's upgradeStrategy.minimumHealthCapacity");
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
        return launchedAtMost(factor, "as asked");
    }

    /** {@link #neverExceeded} with {@code 1 + upgradeStrategy.maximumOverCapacity} of the app. */
    public DeploymentAssert keptItsMaximumOverCapacity() {
        isNotNull();
        return launchedAtMost(
                1 + actual.upgradeStrategy().maximumOver(), "1 + the app's upgradeStrategy.maximumOverCapacity");
    }

    /** Both: {@link #keptItsMinimumHealthCapacity()} and {@link #keptItsMaximumOverCapacity()}. */
    public DeploymentAssert keptItsUpgradeStrategy() {
        return keptItsMinimumHealthCapacity().keptItsMaximumOverCapacity();
    }

    /** Marathon's rules: at least {@code ceil(instances × fraction)} healthy, at most {@code floor(instances × factor)} launched. */
    static int requiredHealthy(int instances, double fraction) {
        return (int) Math.ceil(instances * fraction - EPSILON);
    }

    static int allowedLaunched(int instances, double factor) {
        return (int) Math.floor(instances * factor + EPSILON);
    }

    private DeploymentAssert keptHealthy(double fraction, String basis) {
        isNotNull();
        int required = requiredHealthy(actual.instances(), fraction);
        return failIfAny(
                p -> p.healthy() < required,
                "Expected " + actual.appId() + " to keep at least " + required + " of " + actual.instances()
                        + " instances healthy (" + percent(fraction) + ", " + basis + ") during deployment "
                        + actual.deploymentId() + ", but healthy fell to " + actual.minimumHealthy() + ".");
    }

    private DeploymentAssert launchedAtMost(double factor, String basis) {
        isNotNull();
        int allowed = allowedLaunched(actual.instances(), factor);
        return failIfAny(
                p -> p.launched() > allowed,
                "Expected " + actual.appId() + " to run at most " + allowed + " instances (running + staged; "
                        + percent(factor) + " of " + actual.instances() + ", " + basis + ") during deployment "
                        + actual.deploymentId() + ", but " + actual.maximumLaunched() + " were launched at once.");
    }

    /** Fails with the sentence, the deployment and its timeline if a point is bad, marking the bad points. */
    private DeploymentAssert failIfAny(Predicate<CapacityPoint> bad, String sentence) {
        if (actual.timeline().stream().anyMatch(bad)) {
            RecordedDeployment d = actual;
            failWithMessage(
                    "%s",
                    sentence + "\nDeployment " + d.deploymentId() + " "
                            + d.outcome().name().toLowerCase(Locale.ROOT)
                            + (d.failure() == null ? "" : " (" + d.failure() + ")") + "; upgradeStrategy of "
                            + d.appId() + ": minimumHealthCapacity "
                            + d.upgradeStrategy().minimumHealth()
                            + ", maximumOverCapacity " + d.upgradeStrategy().maximumOver() + "; instances "
                            + d.instances() + ".\nTimeline:\n" + CapacityPoint.table(d.timeline(), bad));
        }
        return myself;
    }

    private static String percent(double fraction) {
        double value = fraction * 100;
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + " %";
    }

    private static void requireFraction(String what, double value, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(what + " must be between 0 and " + max + ", got " + value);
        }
    }
}
