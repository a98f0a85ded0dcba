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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live subscription to Marathon's event stream ({@code GET /v2/events}, server-sent events). It follows the
 * redirect a standby Marathon answers with, has no read timeout, and reconnects by itself when the stream ends or
 * fails (Marathon restarts after a master failover or a ZooKeeper restart). After every successful reconnect the
 * listener first receives a synthetic {@link MarathonEvent#STREAM_RECONNECTED} event: events may have been missed, so
 * re-read the state you wait for. Events are delivered one at a time on the subscription's own thread; exceptions thrown by the
 * listener are logged and do not end the subscription. Close it when done.
 */
public final class EventSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Supplier<URI> baseUrl;
    private final List<String> eventTypes;
    private final Consumer<MarathonEvent> listener;
    private final Thread reader;
    private volatile Runnable onClose = () -> {};

    private final Object lock = new Object();
    private InputStream current;
    private boolean closed;
    private boolean attached;
    private int attaches;
    private int opened;
    private int reconnects;
    private String lastError = "none";
    private String lastUrl = "";

    EventSubscription(Supplier<URI> baseUrl, List<String> eventTypes, Consumer<MarathonEvent> listener) {
        this.baseUrl = baseUrl;
        this.eventTypes = List.copyOf(eventTypes);
        this.listener = listener;
        this.reader = new Thread(this::run, "marathon-events");
        this.reader.setDaemon(true);
    }

    void start() {
        reader.start();
    }

    /** Runs once when the subscription is closed (its client forgets it then). */
    void onClose(Runnable action) {
        this.onClose = action;
    }

    /**
     * Waits until Marathon confirmed the subscription with {@code event_stream_attached} (at least once since it began).
     * Subscribe and await this before making the change whose events you wait for.
     *
     * @throws IllegalStateException on timeout or if closed, saying which URL was tried and the last error
     */
    public void awaitAttached(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            // Attached at least once: a stream that attached and already dropped again still counts, because the
            // listener gets a reconnect marker for whatever it may have missed in between.
            while (attaches == 0 && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("Marathon event stream " + lastUrl + " not attached after "
                            + timeout + " (connections opened: " + opened + ", last error: " + lastError + ")");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for the Marathon event stream", e);
                }
            }
            if (closed) {
                throw new IllegalStateException("Marathon event stream subscription is closed");
            }
        }
    }

    /** True while the current connection has received {@code event_stream_attached}. */
    public boolean isAttached() {
        synchronized (lock) {
            return attached;
        }
    }

    /** How often the stream was re-opened after it ended or failed. */
    public int reconnects() {
        synchronized (lock) {
            return reconnects;
        }
    }

    /** The last connection error, or "none". */
    public String lastError() {
        synchronized (lock) {
            return lastError;
        }
    }

    /** Ends the subscription; no events are delivered afterwards. */
    @Override
    public void close() {
        InputStream stream;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            attached = false;
            stream = current;
            current = null;
            lock.notifyAll();
        }
        reader.interrupt();
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                LOG.debug("Closing the event stream: {}", e.toString());
            }
        }
        onClose.run();
    }

    /** Connects, reads until the stream ends or fails, waits a growing backoff, and again until closed. */
    private void run() {
        long backoff = MIN_BACKOFF.toMillis();
        while (true) {
            String error;
            try {
                if (follow()) {
                    backoff = MIN_BACKOFF.toMillis();
                }
                error = "stream ended by Marathon";
            } catch (IOException | RuntimeException e) {
                error = e instanceof IOException io ? HttpSupport.describe(io) : e.toString();
            }
            synchronized (lock) {
                attached = false;
                current = null;
                if (closed) {
                    return;
                }
                lastError = error;
                LOG.debug("Marathon event stream {} ended, reconnecting in {} ms: {}", lastUrl, backoff, error);
                try {
                    TimeUnit.MILLISECONDS.timedWait(lock, backoff);
                } catch (InterruptedException e) {
                    return; // closed
                }
                if (closed) {
                    return;
                }
            }
            backoff = Math.min(MAX_BACKOFF.toMillis(), backoff * 2);
        }
    }

    /** One connection: true if it opened. */
    private boolean follow() throws IOException {
        List<String> query = new ArrayList<>();
        if (!eventTypes.isEmpty()) {
            eventTypes.forEach(type -> query.addAll(List.of("event_type", type)));
            if (!eventTypes.contains(MarathonEvent.EVENT_STREAM_ATTACHED)) {
                query.addAll(List.of("event_type", MarathonEvent.EVENT_STREAM_ATTACHED));
            }
        }
        URI url = HttpSupport.url(baseUrl.get(), "/v2/events", query.toArray(String[]::new));
        synchronized (lock) {
            lastUrl = url.toString();
        }
        HttpResponse<InputStream> response = HttpSupport.open(url, "text/event-stream");
        InputStream body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
            body.close();
            throw new IOException("HTTP " + response.statusCode()
                    + (type.startsWith("text/event-stream")
                            ? ""
                            : " (Content-Type " + type + ", expected text/event-stream)"));
        }
        int reconnectNumber;
        synchronized (lock) {
            if (closed) {
                body.close();
                return true;
            }
            current = body;
            opened++;
            reconnectNumber = opened > 1 ? ++reconnects : 0;
        }
        if (reconnectNumber > 0) {
            deliver(MarathonEvent.reconnected(Instant.now(), reconnectNumber));
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String eventType = null;
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        onEvent(eventType, data.toString());
                    }
                    eventType = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    eventType = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "")
                            .append(line.substring(5).stripLeading());
                }
            }
        }
        return true;
    }

    private void onEvent(String type, String data) {
        MarathonEvent event;
        try {
            event = MarathonEvent.parse(type, data);
        } catch (RuntimeException e) {
            LOG.warn("Skipping unreadable Marathon event: {}", e.getMessage());
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (event.is(MarathonEvent.EVENT_STREAM_ATTACHED)) {
                attached = true;
                attaches++;
                lock.notifyAll();
            }
        }
        if (eventTypes.isEmpty() || eventTypes.contains(event.eventType())) {
            deliver(event);
        }
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
