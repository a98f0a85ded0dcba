package io.mesosharness.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.App;
import io.mesosharness.marathon.MarathonEvent;
import io.mesosharness.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads recorded event streams (SSE text) and app payloads from test resources, for the pure capacity tests. */
final class RecordedStreams {

    private RecordedStreams() {}

    /** The events of a recorded stream, in order. */
    static List<MarathonEvent> events(String resource) {
        List<MarathonEvent> events = new ArrayList<>();
        String type = null;
        for (String line : Fixtures.text(resource).split("\r?\n")) {
            if (line.startsWith("event:")) {
                type = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                events.add(MarathonEvent.parse(
                        type, line.substring("data:".length()).trim()));
            }
        }
        return events;
    }

    /** The app of a {@code {"app": {...}}} payload. */
    static App app(String resource) {
        try {
            JsonNode node = HttpSupport.readTree(Fixtures.text(resource)).get("app");
            return HttpSupport.mapper().treeToValue(node, App.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A timeline for the app, seeded with its tasks, with every event of the stream applied. */
    static CapacityTimeline replay(App app, String stream) {
        CapacityTimeline timeline =
                new CapacityTimeline(app.id(), app.healthChecks().size(), app.hasReadinessChecks());
        timeline.seed(java.time.Instant.parse("2026-11-25T02:10:00Z"), app.tasks());
        events(stream).forEach(timeline::apply);
        return timeline;
    }
}
