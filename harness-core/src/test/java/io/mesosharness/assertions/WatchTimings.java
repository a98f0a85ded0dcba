package io.mesosharness.assertions;

import java.time.Duration;

/** Test speeds for {@link AppWatch}: set in {@code @BeforeEach}, {@link #restore()} in {@code @AfterEach}. */
final class WatchTimings {

    private final Duration attach = AppWatch.attachTimeout;
    private final Duration poll = AppWatch.pollInterval;
    private final Duration safety = AppWatch.safetyInterval;

    private WatchTimings() {}

    /** Remembers the current timings and sets these: attach timeout, poll interval; no safety re-read for a minute. */
    static WatchTimings set(Duration attachTimeout, Duration pollInterval) {
        WatchTimings saved = new WatchTimings();
        AppWatch.attachTimeout = attachTimeout;
        AppWatch.pollInterval = pollInterval;
        AppWatch.safetyInterval = Duration.ofMinutes(1);
        return saved;
    }

    void restore() {
        AppWatch.attachTimeout = attach;
        AppWatch.pollInterval = poll;
        AppWatch.safetyInterval = safety;
    }
}
