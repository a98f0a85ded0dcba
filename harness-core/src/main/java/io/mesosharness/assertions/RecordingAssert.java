package io.mesosharness.assertions;

import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/**
 * Checks over every app of a {@link DeploymentRecorder} together, from {@code assertThat(recorder)}: for blue-green
 * switches, where one app takes over from another and the sum of their healthy instances is what users see.
 */
public final class RecordingAssert extends AbstractAssert<RecordingAssert, DeploymentRecorder> {

    RecordingAssert(DeploymentRecorder recorder) {
        super(recorder, RecordingAssert.class);
    }

    /**
     * At every moment since the recording started, the healthy instances of all recorded apps added up to at least
     * {@code n}. Failure: the merged timeline with summed counts, each row naming the app its event happened to.
     */
    public RecordingAssert keptHealthyInstancesTogetherAtLeast(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        isNotNull();
        List<CapacityPoint> combined = actual.combinedTimeline();
        Predicate<CapacityPoint> bad = p -> p.healthy() < n;
        if (combined.stream().anyMatch(bad)) {
            failWithMessage(
                    "%s",
                    "Expected " + String.join(" + ", actual.appIds()) + " to keep at least " + n
                            + " healthy instances together at every moment, but they fell to "
                            + combined.stream()
                                    .mapToInt(CapacityPoint::healthy)
                                    .min()
                                    .orElse(0) + ".\n"
                            + "Timeline (counts summed over the apps; the event names the app it happened to):\n"
                            + CapacityPoint.table(combined, bad));
        }
        return myself;
    }
}
