package io.mesosharness.marathon;

import io.mesosharness.http.HttpSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live subscription to Marathon's event stream ({@code GET /v2/events}, server-sent events). It follows the
 * redirect a standby Marathon answers with, has no read timeout, and reconnects by itself when the stream ends or
 * fails (Marathon restarts after a master failover or a ZooKeeper restart). After every reconnect the listener first
 * receives a synthetic {@link MarathonEvent#STREAM_RECONNECTED} event: events may have been missed, so re-read the
 * state you wait for. Events are delivered one at a time on the subscription's own thread; a listener's exception is
 * logged and does not end the subscription. Close it when done.
 */
public final class EventSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Supplier<URI> baseUrl;
    private final Consumer<MarathonEvent> listener;
    private final Consumer<EventSubscription> onClose;
    private final Thread reader = new Thread(this::run, "marathon-events");
    /** Counted down by the first {@code event_stream_attached}, or by {@link #close()}. */
    private final CountDownLatch firstAttach = new CountDownLatch(1);

    private volatile InputStream current;
    private volatile boolean closed;
    private volatile int opened;
    private volatile String lastError = "none";
    private volatile String lastUrl = "";

    EventSubscription(Supplier<URI> baseUrl, Consumer<MarathonEvent> listener, Consumer<EventSubscription> onClose) {
        this.baseUrl = baseUrl;
        this.listener = listener;
        this.onClose = onClose;
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Waits until Marathon confirmed the subscription with {@code event_stream_attached} (once since it began). Await
     * this before making the change whose events you wait for.
     *
     * @throws IllegalStateException on timeout or if closed, saying which URL was tried and the last error
     */
    public void awaitAttached(Duration timeout) {
        boolean attachedOnce;
        try {
            attachedOnce = firstAttach.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Marathon event stream", e);
        }
        if (closed) {
            throw new IllegalStateException("Marathon event stream subscription is closed");
        }
        if (!attachedOnce) {
            throw new IllegalStateException("Marathon event stream " + lastUrl + " not attached after " + timeout
                    + " (connections opened: " + opened + ", last error: " + lastError + ")");
        }
    }

    /** Ends the subscription; no events are delivered afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        firstAttach.countDown();
        reader.interrupt();
        try {
            if (current != null) {
                current.close(); // ends the reader's blocking read
            }
        } catch (IOException e) {
            LOG.debug("Closing the event stream: {}", e.toString());
        }
        onClose.accept(this);
    }

    /** Connects, reads until the stream ends or fails, waits a growing backoff, and again until closed. */
    private void run() {
        for (long backoff = MIN_BACKOFF_MS; !closed; backoff = Math.min(MAX_BACKOFF_MS, backoff * 2)) {
            try {
                follow();
                backoff = MIN_BACKOFF_MS;
                lastError = "stream ended by Marathon";
            } catch (IOException | RuntimeException e) {
                lastError = e instanceof IOException io ? HttpSupport.describe(io) : e.toString();
            }
            current = null;
            if (closed) {
                return;
            }
            LOG.debug("Marathon event stream {} ended, reconnecting in {} ms: {}", lastUrl, backoff, lastError);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return; // closed
            }
        }
    }

    /** One connection, read to its end. */
    private void follow() throws IOException {
        URI url = HttpSupport.url(baseUrl.get(), "/v2/events");
        lastUrl = url.toString();
        HttpResponse<InputStream> response = HttpSupport.open(url, "text/event-stream");
        String type = response.headers().firstValue("Content-Type").orElse("");
        try (InputStream body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
                throw new IOException("HTTP " + response.statusCode()
                        + (type.startsWith("text/event-stream")
                                ? ""
                                : " (Content-Type " + type + ", expected text/event-stream)"));
            }
            current = body;
            if (closed) {
                return;
            }
            if (++opened > 1) {
                deliver(MarathonEvent.reconnected(Instant.now(), opened - 1));
            }
            String eventType = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() && !data.isEmpty()) {
                    onEvent(eventType, data.toString());
                }
                if (line.isEmpty()) {
                    eventType = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    eventType = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n")
                            .append(line.substring(5).stripLeading());
                }
            }
        }
    }

    private void onEvent(String type, String data) {
        MarathonEvent event;
        try {
            event = MarathonEvent.parse(type, data);
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable Marathon event: {}", e.getMessage());
            return;
        }
        if (closed) {
            return;
        }
        if (event.is(MarathonEvent.EVENT_STREAM_ATTACHED)) {
            firstAttach.countDown();
        }
        deliver(event);
    }

    private void deliver(MarathonEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("Marathon event listener failed on {}: {}", event.eventType(), e.toString());
            LOG.debug("Listener failure", e);
        }
    }
}
