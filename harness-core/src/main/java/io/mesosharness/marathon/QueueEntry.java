package io.mesosharness.marathon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One entry of Marathon's launch queue ({@code GET /v2/queue}): instances still waiting to be launched, the launch
 * delay, and the offer-reject summary that says why offers did not fit.
 */
public record QueueEntry(
        int count,
        Delay delay,
        String since,
        App app,
        @JsonProperty("pod") PodRef pod,
        OfferSummary processedOffersSummary,
        List<UnusedOffer> lastUnusedOffers) {

    /** The launch backoff. */
    public record Delay(Integer timeLeftSeconds, Boolean overdue) {}

    /** The id of a queued pod. */
    public record PodRef(String id) {}

    /** Offers processed for this run spec and why they were declined. */
    public record OfferSummary(
            int processedOffersCount,
            int unusedOffersCount,
            String lastUnusedOfferAt,
            String lastUsedOfferAt,
            List<RejectCount> rejectSummaryLastOffers,
            List<RejectCount> rejectSummaryLaunchAttempt) {}

    /** How many of the processed offers were declined for one reason (e.g. {@code UnfulfilledConstraint}). */
    public record RejectCount(String reason, int declined, int processed) {}

    /** An offer Marathon did not use, with the reasons ({@code ?embed=lastUnusedOffers}). */
    public record UnusedOffer(Offer offer, List<String> reason, String timestamp) {

        /** Where the offer came from. */
        public record Offer(String id, String hostname, String agentId) {}
    }

    /** Id of the queued app or pod. */
    public String runSpecId() {
        return app != null ? app.id() : pod != null ? pod.id() : null;
    }

    /**
     * Why instances are still waiting: the decline counts since the launch attempt began (else of the last offers),
     * most first, e.g. {@code UnfulfilledConstraint 12, InsufficientCpus 3}; {@code none (13 offers processed)} when no
     * offer was declined. Failure messages show it under the heading {@code Declined offers:}.
     */
    public String declinedOffers() {
        if (processedOffersSummary != null) {
            OfferSummary s = processedOffersSummary;
            List<RejectCount> source = s.rejectSummaryLaunchAttempt().isEmpty()
                    ? s.rejectSummaryLastOffers()
                    : s.rejectSummaryLaunchAttempt();
            String declined = source.stream()
                    .filter(r -> r.declined() > 0)
                    .sorted(Comparator.comparingInt(RejectCount::declined).reversed())
                    .map(r -> r.reason() + " " + r.declined())
                    .collect(Collectors.joining(", "));
            if (!declined.isEmpty()) {
                return declined;
            }
        }
        return "none (" + processedOffers() + " offers processed)";
    }

    /** How many offers Marathon processed for this run spec (0 when it sent no summary). */
    public int processedOffers() {
        return processedOffersSummary == null ? 0 : processedOffersSummary.processedOffersCount();
    }

    /** E.g. {@code /toomany: 3 waiting since 2026-...; declined offers: UnfulfilledConstraint 11}. */
    @Override
    public String toString() {
        return runSpecId() + ": " + count + " waiting since " + since + "; declined offers: " + declinedOffers();
    }
}
