package io.mesosharness.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A slow image lookup (a pull can take minutes) blocks only the callers that ask for the same image. */
@Tag("unit")
class ImageAvailabilityCacheTest {

    @Test
    void aSlowLookupDoesNotBlockOtherImagesAndRunsOncePerImage() throws Exception {
        // "Aa" and "BB" have the same hash code: in one ConcurrentHashMap bin, where computeIfAbsent would block
        String slow = "test-" + System.nanoTime() + "-Aa";
        String other = slow.substring(0, slow.length() - 2) + "BB";
        assertThat(slow.hashCode()).isEqualTo(other.hashCode());
        CountDownLatch pulling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();

        CompletableFuture<Optional<String>> first =
                CompletableFuture.supplyAsync(() -> ImageAvailability.cached(slow, () -> {
                    lookups.incrementAndGet();
                    pulling.countDown();
                    await(release);
                    return Optional.of("pulled late");
                }));
        assertThat(pulling.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<String>> sameImage =
                CompletableFuture.supplyAsync(() -> ImageAvailability.cached(slow, () -> {
                    lookups.incrementAndGet();
                    return Optional.empty();
                }));

        Optional<String> otherImage = CompletableFuture.supplyAsync(
                        () -> ImageAvailability.cached(other, () -> Optional.of("other answer")))
                .get(5, TimeUnit.SECONDS);

        assertThat(otherImage).contains("other answer");
        assertThat(sameImage).isNotDone();
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).contains("pulled late");
        assertThat(sameImage.get(5, TimeUnit.SECONDS)).contains("pulled late");
        assertThat(lookups).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
