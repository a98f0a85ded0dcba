package io.mesosharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PollTest {

    @Test
    void returnsTheFirstValueThatSatisfiesTheCondition() {
        AtomicInteger n = new AtomicInteger();

        int value = Poll.until(Duration.ofSeconds(5), "three", n::incrementAndGet, v -> v == 3, String::valueOf);

        assertThat(value).isEqualTo(3);
    }

    @Test
    void timeoutSaysWhatWasExpectedAndWhatWasSeenLast() {
        assertThatThrownBy(() -> Poll.until(
                        Duration.ofMillis(300),
                        "agent a1 marked unreachable",
                        () -> "a1 active",
                        v -> false,
                        v -> "agents: " + v))
                .isInstanceOf(WaitTimeoutException.class)
                .isNotInstanceOf(FaultInjectionException.class)
                .hasMessage(
                        "Timed out after 0.3 s waiting for agent a1 marked unreachable. Last seen: agents: a1 active");
    }

    @Test
    void theReactionToAFaultTimesOutAsAFaultInjectionException() {
        assertThatThrownBy(() -> Poll.observed(() -> Poll.until(
                        Duration.ofMillis(200), "agent a1 marked unreachable", () -> "a1 active", v -> false, v -> v)))
                .isInstanceOf(FaultInjectionException.class)
                .hasMessageStartingWith("Timed out after 0.2 s waiting for agent a1 marked unreachable")
                .hasCauseInstanceOf(WaitTimeoutException.class);
    }

    @Test
    void timeoutAfterFailingProbesShowsTheLastError() {
        assertThatThrownBy(() -> Poll.until(
                        Duration.ofMillis(300),
                        "the master to answer",
                        () -> {
                            throw new IllegalStateException("connection refused");
                        },
                        v -> true,
                        String::valueOf))
                .hasMessageEndingWith("Last seen: the last probe failed: connection refused");
    }

    @Test
    void stableForResetsWhenTheConditionFlaps() {
        AtomicInteger n = new AtomicInteger();
        long t0 = System.nanoTime();

        // true, false, then true from the 4th probe on: must stay true for 300 ms from there
        Poll.stableFor(
                Duration.ofSeconds(5),
                Duration.ofMillis(300),
                "stable",
                n::incrementAndGet,
                v -> v != 2 && v != 3,
                String::valueOf);

        assertThat(n.get()).isGreaterThanOrEqualTo(7);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
}
