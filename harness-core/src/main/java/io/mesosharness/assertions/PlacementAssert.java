package io.mesosharness.assertions;

import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.placement.CheckResult;
import io.mesosharness.placement.ConstraintChecker;
import io.mesosharness.placement.Placement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.AbstractAssert;

/**
 * What the checks of an app and of a pod share: the id (in the handle's app namespace), the timeout of the waiting
 * checks, and the placement checks, which wait until it is deployed and then judge the placement of its running tasks
 * (a pod's: one per instance) once. A placement failure shows the checker's report and its constraints.
 *
 * @param <T> what Marathon reports of it: {@code App} or {@code PodStatus}
 */
public abstract class PlacementAssert<SELF extends PlacementAssert<SELF, T>, T> extends AbstractAssert<SELF, String> {

    final MesosClusterHandle cluster;
    private final String kind;
    private final BiFunction<MesosClusterHandle, T, Placement> placement;
    private final Function<T, List<List<String>>> constraints;
    Duration timeout;

    PlacementAssert(
            MesosClusterHandle cluster,
            String kind,
            String id,
            Duration timeout,
            Class<?> selfType,
            BiFunction<MesosClusterHandle, T, Placement> placement,
            Function<T, List<List<String>>> constraints) {
        super(Objects.requireNonNull(cluster, "cluster").marathon().qualify(id), selfType);
        this.cluster = cluster;
        this.kind = kind;
        this.timeout = Waits.positive(timeout);
        this.placement = placement;
        this.constraints = constraints;
    }

    /** Waits until it is deployed; the value read then. */
    abstract T deployed();

    /** Timeout of the following waiting checks on this assert. */
    public SELF within(Duration timeout) {
        this.timeout = Waits.positive(timeout);
        return myself;
    }

    /** The placement satisfies every constraint Marathon reports for it. */
    public SELF satisfiesItsConstraints() {
        return checkPlacement((it, p) -> {
            if (constraints.apply(it).isEmpty()) {
                throw new IllegalArgumentException(
                        kind + " " + actual + " has no constraints to satisfy; use isSpreadOver,"
                                + " hasAtMostPerAgent or runsOnlyOn for direct checks");
            }
            return ConstraintChecker.check(p, Diagnostics.parse(actual, constraints.apply(it)));
        });
    }

    /** Spread evenly over the values of {@code field} (largest minus smallest count at most 1). */
    public SELF isSpreadEvenlyBy(String field) {
        Waits.requireText("field", field);
        return checkPlacement((it, p) -> ConstraintChecker.evenlyBy(p, field));
    }

    /** Uses at least {@code minDistinctValues} values of {@code field}. */
    public SELF isSpreadOver(String field, int minDistinctValues) {
        Waits.requireText("field", field);
        if (minDistinctValues < 1) {
            throw new IllegalArgumentException("minDistinctValues must be >= 1, got " + minDistinctValues);
        }
        return checkPlacement((it, p) -> ConstraintChecker.spreadOver(p, field, minDistinctValues));
    }

    /** No agent runs more than {@code k} of its tasks (instances). */
    public SELF hasAtMostPerAgent(int k) {
        requireNonNegative(k);
        return checkPlacement((it, p) -> ConstraintChecker.atMostPerAgent(p, k));
    }

    /** Every task (instance) runs on an agent whose {@code field} equals {@code value}. */
    public SELF runsOnlyOn(String field, String value) {
        Waits.requireText("field", field);
        Waits.requireText("value", value);
        return checkPlacement((it, p) -> ConstraintChecker.onlyOn(p, field, value));
    }

    /** Runs a wait; a {@link WaitFailedError} fails this assert with {@code prefix} and the wait's message. */
    final <R> R waited(String prefix, Supplier<R> wait) {
        try {
            return wait.get();
        } catch (WaitFailedError e) {
            throw failure("%s", prefix + e.getMessage());
        }
    }

    private SELF checkPlacement(BiFunction<T, Placement, CheckResult> check) {
        T it = waited("Cannot judge the placement: ", this::deployed);
        CheckResult result = check.apply(it, placement.apply(cluster, it));
        if (!result.satisfied()) {
            failWithMessage(
                    "%s",
                    result.report() + "\nConstraints of " + actual + ": "
                            + Diagnostics.constraints(constraints.apply(it)));
        }
        return myself;
    }

    static void requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
    }
}
