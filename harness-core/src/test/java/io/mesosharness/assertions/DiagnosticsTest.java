package io.mesosharness.assertions;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesosharness.cluster.FakeCluster;
import io.mesosharness.marathon.QueueEntry;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The queue part of failure messages on captured {@code /v2/queue} payloads: the reject reasons stand apart. */
@Tag("unit")
class DiagnosticsTest {

    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private String queueSection(String resource, String appId) {
        cluster.server.json("GET /v2/queue", resource);
        Optional<QueueEntry> entry = cluster.marathon().queueEntry(appId);
        assertThat(entry).as("queue entry of " + appId + " in " + resource).isPresent();
        return Diagnostics.queue(appId, entry);
    }

    @Test
    void declinedOffersHaveTheirOwnHeadingWithTheCountsOfTheLaunchAttempt() {
        String text = queueSection("captured/faults/A02-hostname-UNIQUE-x5-queue.json", "/a02");

        assertThat(text)
                .startsWith("Waiting in Marathon's launch queue: /a02: 1 waiting since 2026-11-25T01:49:08.401Z,"
                        + " 26 offers processed\n")
                .contains("\nDeclined offers: UnfulfilledConstraint 22\n")
                .contains("  last declined offers:\n    cf-b2: [UnfulfilledConstraint]");
        assertThat(text.lines().filter(l -> l.startsWith("Declined offers: "))).hasSize(1);
        assertThat(text.lines().findFirst().orElseThrow())
                .as("the queue line itself names no reject reason")
                .doesNotContainIgnoringCase("constraint");
    }

    @Test
    void eachCapturedFaultGivesItsOwnAppsCounts() {
        assertThat(queueSection("captured/faults/A08-rack-MAX_PER-1-queue.json", "/a08"))
                .contains("Declined offers: UnfulfilledConstraint 26")
                .contains("28 offers processed");
        assertThat(queueSection("captured/faults/A10-rack-IS-c-queue.json", "/a10"))
                .contains("Declined offers: UnfulfilledConstraint 12")
                .contains("12 offers processed");
    }

    @Test
    void severalReasonsAreListedMostDeclinedFirst() {
        String text = queueSection("upstream/marathon/examples/queue.json", "/foo");

        assertThat(text)
                .contains("\nDeclined offers: InsufficientCpus 150, InsufficientMemory 30, InsufficientDisk 20");
    }

    @Test
    void noDeclineAndNoEntrySayNoneUnderTheSameHeading() {
        String text = queueSection("upstream/marathon/examples/queue.json", "/tools/datadog-agent");

        assertThat(text).contains("\nDeclined offers: none (123 offers processed)");
        assertThat(Diagnostics.queue("/gone", Optional.empty()))
                .isEqualTo("Marathon's launch queue has no entry for /gone\nDeclined offers: none (no queue entry)");
    }
}
