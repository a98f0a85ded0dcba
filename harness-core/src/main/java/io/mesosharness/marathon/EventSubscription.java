package io.mesosharness.marathon;

import io.mesosharness.http.HttpSupport;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live subscription to Marathon's event stream ({@code GET /v2/events}, server-sent events). It follows the
 * redirect a standby Marathon answers with, has no read timeout, and reconnects by itself when the stream ends or
 * fails (Marathon restarts after a master failover or a ZooKeeper restart). After every successful reconnect the
 * listener first receives a synthetic {@link MarathonEvent#STREAM_RECONNECTED} event: events may have been missed, so
 * re-read the state you wait for. Events are delivered one at a time on an OkHttp thread; exceptions thrown by the
 * listener are logged and do not end the subscription. Close it when done.
 */
public final class EventSubscription implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventSubscription.class);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final OkHttpClient client;
    private final Supplier<URI> baseUrl;
    private final List<String> eventTypes;
    private final Consumer<MarathonEvent> listener;
    private final ScheduledExecutorService scheduler;
    private volatile Runnable onClose = () -> {};

    private final Object lock = new Object();
    private EventSource current;
    private long generation;
    private boolean closed;
    private boolean attached;
    private int attaches;
    private int opened;
    private int reconnects;
    private long backoffMillis = MIN_BACKOFF.toMillis();
    private String lastError = "none";
    private String lastUrl = "";

    EventSubscription(
            OkHttpClient client, Supplier<URI> baseUrl, List<String> eventTypes, Consumer<MarathonEvent> listener) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.eventTypes = List.copyOf(eventTypes);
        this.listener = listener;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "marathon-events-reconnect");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        connect();
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
        EventSource source;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            attached = false;
            source = current;
            current = null;
            lock.notifyAll();
        }
        if (source != null) {
            source.cancel();
        }
        scheduler.shutdownNow();
        onClose.run();
    }

    private void connect() {
        Request request;
        long gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            HttpUrl.Builder url;
            try {
                url = HttpSupport.url(baseUrl.get(), "/v2/events");
            } catch (RuntimeException e) {
                lastError = "cannot resolve Marathon URL: " + e.getMessage();
                scheduleReconnect();
                return;
            }
            if (!eventTypes.isEmpty()) {
                eventTypes.forEach(type -> url.addQueryParameter("event_type", type));
                if (!eventTypes.contains(MarathonEvent.EVENT_STREAM_ATTACHED)) {
                    url.addQueryParameter("event_type", MarathonEvent.EVENT_STREAM_ATTACHED);
                }
            }
            HttpUrl built = url.build();
            lastUrl = built.toString();
            request = new Request.Builder()
                    .url(built)
                    .header("Accept", "text/event-stream")
                    .get()
                    .build();
            gen = ++generation;
        }
        EventSource source = EventSources.createFactory(client).newEventSource(request, new Listener(gen));
        synchronized (lock) {
            if (closed || gen != generation) {
                source.cancel();
            } else {
                current = source;
            }
        }
    }

    private void scheduleReconnect() {
        // caller holds lock
        if (closed) {
            return;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF.toMillis(), backoffMillis * 2);
        try {
            scheduler.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed concurrently
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

    private final class Listener extends EventSourceListener {
        private final long gen;

        Listener(long gen) {
            this.gen = gen;
        }

        private boolean stale() {
            return closed || gen != generation;
        }

        @Override
        public void onOpen(EventSource eventSource, Response response) {
            int reconnectNumber;
            synchronized (lock) {
                if (stale()) {
                    return;
                }
                opened++;
                backoffMillis = MIN_BACKOFF.toMillis();
                reconnectNumber = opened > 1 ? ++reconnects : 0;
            }
            LOG.debug("Marathon event stream open: {}", response.request().url());
            if (reconnectNumber > 0) {
                deliver(MarathonEvent.reconnected(Instant.now(), reconnectNumber));
            }
        }

        @Override
        public void onEvent(EventSource eventSource, String id, String type, String data) {
            MarathonEvent event;
            try {
                event = MarathonEvent.parse(type, data);
            } catch (RuntimeException e) {
                LOG.warn("Skipping unreadable Marathon event: {}", e.getMessage());
                return;
            }
            synchronized (lock) {
                if (stale()) {
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

        @Override
        public void onClosed(EventSource eventSource) {
            synchronized (lock) {
                if (stale()) {
                    return;
                }
                attached = false;
                lastError = "stream ended by Marathon";
                scheduleReconnect();
            }
        }

        @Override
        public void onFailure(EventSource eventSource, Throwable t, Response response) {
            synchronized (lock) {
                if (stale()) {
                    return;
                }
                attached = false;
                StringBuilder error = new StringBuilder();
                if (response != null) {
                    error.append("HTTP ").append(response.code()).append(' ').append(response.message());
                    String type = response.header("Content-Type");
                    if (type != null && !type.startsWith("text/event-stream")) {
                        error.append(" (Content-Type ").append(type).append(", expected text/event-stream)");
                    }
                }
                if (t != null) {
                    error.append(error.length() > 0 ? ": " : "").append(t);
                }
                lastError = error.length() == 0 ? "unknown failure" : error.toString();
                scheduleReconnect();
            }
            LOG.debug("Marathon event stream failed, reconnecting: {}", lastError);
        }
    }
}
