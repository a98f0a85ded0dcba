package io.mesosharness.assertions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.cluster.AgentHandle;
import io.mesosharness.cluster.Failover;
import io.mesosharness.cluster.MasterHandle;
import io.mesosharness.cluster.MesosClusterHandle;
import io.mesosharness.http.Fixtures;
import io.mesosharness.http.HttpSupport;
import io.mesosharness.marathon.MarathonClient;
import io.mesosharness.mesos.MesosClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A {@link MesosClusterHandle} whose Marathon and Mesos master (and agents) are one MockWebServer answering with
 * captured payloads. Routes are "METHOD /path" (query ignored); a route may answer a sequence (the last answer
 * repeats). {@code /v2/events} answers each connection with the next stream, then hangs without a response.
 */
final class FakeCluster implements MesosClusterHandle {

    final MockWebServer server = new MockWebServer();
    private final Map<String, List<Supplier<MockResponse>>> routes = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Function<RecordedRequest, MockResponse>> handlers =
            new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Supplier<MockResponse>> streams = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<AgentHandle> agents = new ArrayList<>();
    private final MarathonClient marathon;
    private final MesosClient mesos;
    private boolean external;

    FakeCluster() {
        try {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return answer(request);
                }
            });
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI base = server.url("/").uri();
        marathon = new MarathonClient(() -> base);
        mesos = new MesosClient(() -> base, id -> base);
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getRequestUrl().encodedPath();
        String key = request.getMethod() + " " + path;
        requests.add(key);
        int n = hits.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
        if (path.equals("/v2/events")) {
            return n < streams.size()
                    ? streams.get(n).get()
                    : new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
        }
        java.util.function.Function<RecordedRequest, MockResponse> handler = handlers.get(key);
        if (handler != null) {
            return handler.apply(request);
        }
        List<Supplier<MockResponse>> answers = routes.get(key);
        if (answers == null) {
            return new MockResponse().setResponseCode(599).setBody("no route for " + key);
        }
        return answers.get(Math.min(n, answers.size() - 1)).get();
    }

    /** Answers {@code key} ("GET /v2/apps/spread") with the given responses in turn, the last one repeating. */
    @SafeVarargs
    final FakeCluster route(String key, Supplier<MockResponse>... answers) {
        routes.put(key, List.of(answers));
        return this;
    }

    /** Answers {@code key} by looking at the request (e.g. its query). */
    FakeCluster handle(String key, java.util.function.Function<RecordedRequest, MockResponse> handler) {
        handlers.put(key, handler);
        return this;
    }

    /** Answers {@code key} with a captured JSON resource. */
    FakeCluster json(String key, String resource) {
        return route(key, () -> Fixtures.json(resource));
    }

    /** The next {@code /v2/events} connection gets this response. */
    FakeCluster stream(Supplier<MockResponse> response) {
        streams.add(response);
        return this;
    }

    /** How often {@code key} was requested. */
    int hits(String key) {
        AtomicInteger n = hits.get(key);
        return n == null ? 0 : n.get();
    }

    FakeCluster external() {
        external = true;
        return this;
    }

    FakeCluster agent(AgentHandle agent) {
        agents.add(agent);
        return this;
    }

    // ---------------------------------------------------------------- fixtures helpers

    /** A JSON body built from a tree. */
    static Supplier<MockResponse> body(JsonNode tree) {
        String text = tree.toString();
        return () -> new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(text);
    }

    static ObjectNode tree(String resource) {
        try {
            return (ObjectNode) HttpSupport.readTree(Fixtures.text(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first SSE block (event_stream_attached) of a captured stream (Marathon ends lines with CRLF). */
    static String attachedBlock(String resource) {
        String text = Fixtures.text(resource);
        int crlf = text.indexOf("\r\n\r\n");
        if (crlf >= 0) {
            return text.substring(0, crlf + 4);
        }
        return text.substring(0, text.indexOf("\n\n") + 2);
    }

    static Supplier<MockResponse> sseBody(String text) {
        return () -> new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "text/event-stream")
                .setBody(text);
    }

    /** The app inside {@code {"app": {...}}}. */
    static ObjectNode app(ObjectNode wrapper) {
        return (ObjectNode) wrapper.get("app");
    }

    static void removeTasksExcept(ObjectNode app, int keep) {
        ArrayNode tasks = (ArrayNode) app.get("tasks");
        Iterator<JsonNode> it = tasks.elements();
        int i = 0;
        while (it.hasNext()) {
            it.next();
            if (i++ >= keep) {
                it.remove();
            }
        }
    }

    // ---------------------------------------------------------------- MesosClusterHandle

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String name() {
        return external ? "external" : "fake";
    }

    @Override
    public boolean isExternal() {
        return external;
    }

    @Override
    public URI mesosUrl() {
        return server.url("/").uri();
    }

    @Override
    public URI marathonUrl() {
        return server.url("/").uri();
    }

    @Override
    public MarathonClient marathon() {
        return marathon;
    }

    @Override
    public MesosClient mesos() {
        return mesos;
    }

    @Override
    public List<AgentHandle> agents() {
        return List.copyOf(agents);
    }

    @Override
    public AgentHandle agent(String name) {
        return agents.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public List<AgentHandle> agentsRunning(String appId) {
        throw new UnsupportedOperationException("not needed by the checks");
    }

    @Override
    public Failover stopLeadingMaster() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<MasterHandle> masters() {
        return List.of();
    }

    @Override
    public void restartZooKeeper() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restartMarathon() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Duration reset() {
        return Duration.ZERO;
    }

    @Override
    public Duration resetGroup(String groupId) {
        return Duration.ZERO;
    }

    @Override
    public Map<String, String> recentLogs(int lines) {
        return Map.of();
    }

    @Override
    public String describeState() {
        return "fake cluster";
    }

    @Override
    public String retain() {
        return "kept running for inspection (fake)";
    }

    @Override
    public void close() {
        marathon.close();
        mesos.close();
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An agent whose exec runs {@code sh -c <script> sh args...} against an in-memory file map. */
    static final class FakeAgent implements AgentHandle {
        final String name;
        final String agentId;
        final Map<String, String> files = new ConcurrentHashMap<>();
        final List<List<String>> commands = new CopyOnWriteArrayList<>();
        private final Function<List<String>, String> handler;

        FakeAgent(String name, String agentId, Function<List<String>, String> handler) {
            this.name = name;
            this.agentId = agentId;
            this.handler = handler;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, String> attributes() {
            return Map.of();
        }

        @Override
        public Optional<String> agentId() {
            return Optional.of(agentId);
        }

        @Override
        public void stop() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void start() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pause() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unpause() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void disconnect() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reconnect() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String exec(String... command) {
            commands.add(List.of(command));
            return handler.apply(List.of(command));
        }
    }
}
