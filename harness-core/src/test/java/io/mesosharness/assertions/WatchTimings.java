package io.mesosharness.assertions;

import java.time.Duration;

/** Test speeds for {@link AppWatch}: set in {@code @BeforeEach}, {@link #restore()} in {@code @AfterEach}. */
final class WatchTimings {

    private final Duration attach = AppWatch.attachTimeout;
    private final Duration poll = AppWatch.pollInterval;
    private final Duration safety = AppWatch.safetyInterval;
    private final Duration settleWindow = AppWatch.settleWindow;

    private WatchTimings() {}

    /**
     * Remembers the current timings and sets these: attach timeout, poll interval; no safety re-read for a minute and
     * no settle re-reads, so that a wait that ends was ended by an event (or by the polling fallback).
     */
    static WatchTimings set(Duration attachTimeout, Duration pollInterval) {
        return set(attachTimeout, pollInterval, Duration.ZERO);
    }

    /** As {@link #set(Duration, Duration)}, with re-reads every 100 ms for {@code settleWindow} after each event. */
    static WatchTimings set(Duration attachTimeout, Duration pollInterval, Duration settleWindow) {
        WatchTimings saved = new WatchTimings();
        AppWatch.attachTimeout = attachTimeout;
        AppWatch.pollInterval = pollInterval;
        AppWatch.safetyInterval = Duration.ofMinutes(1);
        AppWatch.settleWindow = settleWindow;
        return saved;
    }

    void restore() {
        AppWatch.attachTimeout = attach;
        AppWatch.pollInterval = poll;
        AppWatch.safetyInterval = safety;
        AppWatch.settleWindow = settleWindow;
    }
}
