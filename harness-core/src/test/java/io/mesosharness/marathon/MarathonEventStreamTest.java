package io.mesosharness.marathon;

import static io.mesosharness.testing.Fixtures.eventStream;
import static io.mesosharness.testing.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event stream subscription on captured Marathon 1.8 streams served as text/event-stream. */
@Tag("unit")
class MarathonEventStreamTest {

    private MockWebServer server;
    private MarathonClient client;
    private final BlockingQueue<MarathonEvent> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        client = new MarathonClient(server.url("/").toString());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.shutdown();
    }

    private List<MarathonEvent> take(int count) throws InterruptedException {
        List<MarathonEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MarathonEvent event = received.poll(5, TimeUnit.SECONDS);
            assertThat(event)
                    .as("event %d of %d (got %s)", i + 1, count, events)
                    .isNotNull();
            events.add(event);
        }
        return events;
    }

    private static long eventLines(String resource) {
        return text(resource).lines().filter(l -> l.startsWith("event:")).count();
    }

    @Test
    void parsesTheCapturedStreamWithTypedFields() throws Exception {
        // served slowly, so the stream is still open when awaitAttached looks
        server.enqueue(eventStream("captured/marathon-v2-events.txt").throttleBody(2048, 200, TimeUnit.MILLISECONDS));

        client.events(received::add).awaitAttached(Duration.ofSeconds(5));
        List<MarathonEvent> events = take(20);

        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getPath()).isEqualTo("/v2/events");
        assertThat(request.getHeader("Accept")).isEqualTo("text/event-stream");
        assertThat(events.get(0).eventType()).isEqualTo("event_stream_attached");
        assertThat(events.get(0).text("timestamp")).isEqualTo("2026-11-25T01:38:23.497Z");

        MarathonEvent info = events.get(1);
        assertThat(info.eventType()).isEqualTo("deployment_info");
        assertThat(info.deploymentId()).isEqualTo("05a7baa0-9087-4ec5-932b-0304f07898e6");
        assertThat(info.affectedApps()).containsExactly("/spread");
        assertThat(info.currentStepActions()).containsExactly("StartApplication /spread");

        MarathonEvent success = events.stream()
                .filter(e -> e.is(MarathonEvent.DEPLOYMENT_SUCCESS))
                .findFirst()
                .orElseThrow();
        assertThat(success.deploymentId()).isEqualTo("05a7baa0-9087-4ec5-932b-0304f07898e6");
        assertThat(success.affectedApps()).containsExactly("/spread");
        assertThat(success.instant()).isPresent();

        List<MarathonEvent> running = events.stream()
                .filter(e -> e.is(MarathonEvent.STATUS_UPDATE) && "TASK_RUNNING".equals(e.taskStatus()))
                .toList();
        assertThat(running).extracting(e -> e.text("host")).containsExactlyInAnyOrder("mh-agent-a", "mh-agent-b");
        MarathonEvent onB = running.stream()
                .filter(e -> e.text("host").equals("mh-agent-b"))
                .findFirst()
                .orElseThrow();
        assertThat(onB.appId()).isEqualTo("/spread");
        assertThat(onB.taskId()).isEqualTo("spread.instance-e7f39f7a-e870-11f1-beda-0242ac1d000a._app.1");
        assertThat(onB.instanceId()).isEqualTo("spread.instance-e7f39f7a-e870-11f1-beda-0242ac1d000a");
        assertThat(onB.text("slaveId")).isEqualTo("861b0dab-9c8b-4f08-99c3-bc94ae1da0c3-S1");

        MarathonEvent scheduled = events.stream()
                .filter(e -> e.is(MarathonEvent.INSTANCE_CHANGED))
                .findFirst()
                .orElseThrow();
        assertThat(scheduled.condition()).isEqualTo("Scheduled");
        assertThat(scheduled.appId()).isEqualTo("/spread");
        assertThat(scheduled.text("agentId")).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "captured/marathon-v2-events.txt",
                "captured/marathon-v2-events-spread-full.txt",
                "captured/marathon-v2-events-unsatisfiable-and-409.txt",
                "captured/marathon-v2-events-run1-byrack-revive-throttled.txt",
                "captured/marathon-v2-events-run1-spread-revive-throttled.txt",
                "captured/faults/A-events.txt",
                "captured/faults/B1-agent-stop-default-events.txt",
                "captured/faults/B1-agent-stop-fast-events.txt",
                "captured/faults/B2-agent-netcut-events.txt",
                "captured/faults/B3-agent-pause-events.txt",
                "captured/faults/B4-master-failover-events.txt",
                "captured/faults/B5-zk-restart-events.txt",
                "captured/faults/B5-zk-restart-after-events.txt",
                "captured/faults/B6-marathon-restart-events.txt",
                "upstream/marathon/examples/events.txt"
            })
    void everyCapturedStreamParsesCompletely(String resource) throws Exception {
        server.enqueue(eventStream(resource));
        long expected = eventLines(resource);

        client.events(received::add);
        List<MarathonEvent> events = take((int) expected);

        List<String> sseTypes = text(resource)
                .lines()
                .filter(l -> l.startsWith("event:"))
                .map(l -> l.substring("event:".length()).trim())
                .toList();
        assertThat(events).extracting(MarathonEvent::eventType).containsExactlyElementsOf(sseTypes);
        assertThat(events).allSatisfy(e -> assertThat(e.text("timestamp")).isNotBlank());
    }

    @Test
    void faultStreamsCarryUnreachableAndUnknownInstanceEvents() throws Exception {
        String resource = "captured/faults/B2-agent-netcut-events.txt";
        server.enqueue(eventStream(resource));
        client.events(received::add);
        List<MarathonEvent> events = take((int) eventLines(resource));

        MarathonEvent unreachable = events.stream()
                .filter(e -> "TASK_UNREACHABLE".equals(e.taskStatus()))
                .findFirst()
                .orElseThrow();
        assertThat(unreachable.text("host")).isEqualTo("cf-a2");
        assertThat(unreachable.message()).isEqualTo("health check timed out");
        List<MarathonEvent> unknown = events.stream()
                .filter(e -> e.is(MarathonEvent.UNKNOWN_INSTANCE_TERMINATED))
                .toList();
        assertThat(unknown).hasSize(6);
        assertThat(unknown.get(0).condition()).isEqualTo("Unreachable");
        assertThat(unknown.get(0).instanceId()).isEqualTo("f1.instance-3629386b-e873-11f1-8936-0242ac1e000a");
        assertThat(unknown.get(0).appId()).isEqualTo("/f1");
    }

    @Test
    void deploymentFailedCarriesTheReason() throws Exception {
        String resource = "captured/marathon-v2-events-unsatisfiable-and-409.txt";
        server.enqueue(eventStream(resource));
        client.events(received::add);
        MarathonEvent failed = take((int) eventLines(resource)).stream()
                .filter(e -> e.is(MarathonEvent.DEPLOYMENT_FAILED))
                .findFirst()
                .orElseThrow();
        assertThat(failed.deploymentId()).isEqualTo("e1956646-d90d-4526-956b-54d39406cbc5");
        assertThat(failed.affectedApps()).containsExactly("/toomany");
        assertThat(failed.message()).startsWith("App is locked by one or more deployments.");
        assertThat(failed.toString()).startsWith("deployment_failed ").contains("e1956646-d90d-4526-956b-54d39406cbc5");
    }

    @Test
    void reconnectsAfterTheServerDropsTheStreamAndSaysSo() throws Exception {
        // Marathon restarted: the first stream ends (attached, detached), the second connection gets a new stream.
        server.enqueue(eventStream("captured/faults/B6-marathon-restart-events.txt"));
        server.enqueue(eventStream("captured/marathon-v2-events.txt"));

        client.events(received::add);
        List<MarathonEvent> first = take(2);
        assertThat(first)
                .extracting(MarathonEvent::eventType)
                .containsExactly("event_stream_attached", "event_stream_detached");
        MarathonEvent marker = received.poll(10, TimeUnit.SECONDS);
        assertThat(marker).isNotNull();
        assertThat(marker.isReconnectMarker()).isTrue();
        assertThat(marker.eventType()).isEqualTo(MarathonEvent.STREAM_RECONNECTED);
        assertThat(marker.raw().get("reconnects").asInt()).isEqualTo(1);
        List<MarathonEvent> second = take(20);
        assertThat(second.get(0).eventType()).isEqualTo("event_stream_attached");
        assertThat(second.get(0).text("timestamp")).isEqualTo("2026-11-25T01:38:23.497Z");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/v2/events");
        assertThat(server.takeRequest(5, TimeUnit.SECONDS).getPath()).isEqualTo("/v2/events");
    }

    @Test
    void reconnectsAfterTheConnectionBreaksMidStream() throws Exception {
        server.enqueue(eventStream("captured/marathon-v2-events-spread-full.txt")
                .setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
        server.enqueue(eventStream("captured/faults/B5-zk-restart-after-events.txt"));

        client.events(received::add);

        MarathonEvent event;
        do {
            event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("reconnect marker").isNotNull();
        } while (!event.isReconnectMarker());
        List<MarathonEvent> after = take((int) eventLines("captured/faults/B5-zk-restart-after-events.txt"));
        assertThat(after.get(0).eventType()).isEqualTo("event_stream_attached");
        assertThat(event.raw().get("reconnects").asInt()).isEqualTo(1);
    }

    @Test
    void closedSubscriptionsAreForgottenByTheirClient() throws Exception {
        // many waits on one shared cluster open and close a subscription each: the client must not keep them
        for (int i = 0; i < 5; i++) {
            server.enqueue(
                    eventStream("captured/marathon-v2-events.txt").throttleBody(2048, 200, TimeUnit.MILLISECONDS));
        }
        EventSubscription kept = client.events(received::add);
        for (int i = 0; i < 4; i++) {
            EventSubscription subscription = client.events(received::add);
            subscription.awaitAttached(Duration.ofSeconds(5));
            subscription.close();
        }

        assertThat(client.openSubscriptions()).isEqualTo(1);
        kept.close();
        assertThat(client.openSubscriptions()).isZero();
    }

    @Test
    void followsTheRedirectOfAStandbyMarathon() throws Exception {
        try (MockWebServer leader = new MockWebServer()) {
            leader.start();
            leader.enqueue(eventStream("upstream/marathon/examples/events.txt"));
            server.enqueue(new MockResponse()
                    .setResponseCode(302)
                    .setHeader("Location", leader.url("/v2/events").toString()));

            client.events(received::add);
            List<MarathonEvent> events = take(3);

            assertThat(events.get(1).taskStatus()).isEqualTo("TASK_FAILED");
            assertThat(events.get(1).appId()).isEqualTo("/foo");
            assertThat(events.get(2).text("host")).isEqualTo("srv4.hw.ca1.mesosphere.com");
            assertThat(leader.takeRequest(5, TimeUnit.SECONDS).getHeader("Accept"))
                    .isEqualTo("text/event-stream");
            client.close();
        }
    }

    @Test
    void awaitAttachedTimesOutWithTheLastError() {
        AtomicInteger calls = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.incrementAndGet();
                return new MockResponse().setResponseCode(503).setBody("{\"message\":\"no leader\"}");
            }
        });
        EventSubscription subscription = client.events(received::add);

        assertThatThrownBy(() -> subscription.awaitAttached(Duration.ofMillis(800)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Marathon event stream " + server.url("/v2/events"))
                .hasMessageContaining("not attached after PT0.8S")
                .hasMessageContaining("HTTP 503");
        assertThat(calls.get()).as("it keeps retrying").isGreaterThanOrEqualTo(2);
        subscription.close();
        assertThatThrownBy(() -> subscription.awaitAttached(Duration.ofMillis(100)))
                .hasMessageContaining("closed");
    }

    @Test
    void aFailingListenerDoesNotEndTheSubscription() throws Exception {
        server.enqueue(eventStream("captured/marathon-v2-events.txt"));
        client.events(event -> {
            received.add(event);
            throw new IllegalStateException("listener bug");
        });
        assertThat(take(20)).hasSize(20);
    }

    @Test
    void closedSubscriptionDeliversNothingMore() throws Exception {
        server.enqueue(eventStream("captured/faults/B6-marathon-restart-events.txt"));
        EventSubscription subscription = client.events(received::add);
        take(2);
        subscription.close();
        server.enqueue(eventStream("captured/marathon-v2-events.txt"));
        assertThat(received.poll(800, TimeUnit.MILLISECONDS)).isNull();
    }
}
