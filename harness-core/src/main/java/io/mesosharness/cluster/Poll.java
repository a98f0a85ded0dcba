package io.mesosharness.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Polls a probe every 100 ms until a condition holds. On timeout the exception says what was expected and what the
 * probe saw last, so the failure explains itself.
 */
public final class Poll {

    public static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {}

    /**
     * Waits until {@code done} holds for the probed value and returns that value.
     *
     * @param expectation what we wait for, e.g. "agent a1 marked unreachable by the master"
     * @param describe    renders a probed value for the timeout message
     */
    public static <T> T until(
            Duration timeout, String expectation, Supplier<T> probe, Predicate<T> done, Function<T, String> describe) {
        AtomicReference<T> last = new AtomicReference<>();
        AtomicReference<RuntimeException> lastError = new AtomicReference<>();
        try {
            Awaitility.await(expectation)
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(INTERVAL)
                    .pollInSameThread()
                    .until(() -> {
                        try {
                            T value = probe.get();
                            last.set(value);
                            lastError.set(null);
                            return done.test(value);
                        } catch (RuntimeException e) {
                            lastError.set(e);
                            return false;
                        }
                    });
            return last.get();
        } catch (ConditionTimeoutException e) {
            String seen = lastError.get() != null
                    ? "the last probe failed: " + lastError.get().getMessage()
                    : last.get() == null ? "nothing" : describe.apply(last.get());
            throw new WaitTimeoutException(
                    "Timed out after " + seconds(timeout) + " waiting for " + expectation + ". Last seen: " + seen,
                    lastError.get());
        }
    }

    /**
     * Waits until {@code stable} has held continuously for {@code window} (e.g. an agent that must stop flapping); a
     * zero window is {@link #until}.
     */
    public static <T> T stableFor(
            Duration timeout,
            Duration window,
            String expectation,
            Supplier<T> probe,
            Predicate<T> stable,
            Function<T, String> describe) {
        if (window.isZero()) {
            return until(timeout, expectation, probe, stable, describe);
        }
        long[] since = {-1};
        Supplier<T> resetOnError = () -> {
            try {
                return probe.get();
            } catch (RuntimeException e) {
                since[0] = -1; // a failed probe breaks the streak as much as a bad value
                throw e;
            }
        };
        return until(
                timeout,
                expectation + " for " + seconds(window) + " without interruption",
                resetOnError,
                value -> {
                    long now = System.nanoTime();
                    if (!stable.test(value)) {
                        since[0] = -1;
                        return false;
                    }
                    if (since[0] < 0) {
                        since[0] = now;
                    }
                    return now - since[0] >= window.toNanos();
                },
                describe);
    }

    /** Runs a wait for the reaction to an injected fault: a timeout is a {@link FaultInjectionException}. */
    static <T> T observed(Supplier<T> wait) {
        try {
            return wait.get();
        } catch (WaitTimeoutException e) {
            throw new FaultInjectionException(e.getMessage(), e);
        }
    }

    static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
