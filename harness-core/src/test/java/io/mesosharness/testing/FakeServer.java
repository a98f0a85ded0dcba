package io.mesosharness.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * A fake Marathon and Mesos (master and agents) on one MockWebServer at 127.0.0.1. Routes are "METHOD /path" (query
 * ignored) answered in turn, the last answer repeating; {@code /v2/events} answers each connection with the next stream,
 * then hangs. Other requests get 599, or what {@link #otherwise} answers, e.g. {@link #inMemoryMarathon()}.
 */
public final class FakeServer implements AutoCloseable {

    /** Every request as "METHOD /path", in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The in-memory Marathon's deletes ("app /id", "group /id"), in order. */
    public final List<String> deletes = new CopyOnWriteArrayList<>();

    private final MockWebServer server = new MockWebServer();
    private final Map<String, List<Supplier<MockResponse>>> routes = new ConcurrentHashMap<>();
    private final Map<String, Function<RecordedRequest, MockResponse>> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final List<Supplier<MockResponse>> streams = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> apps = new TreeMap<>();
    private volatile Function<RecordedRequest, MockResponse> otherwise;

    public FakeServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** Answers {@code key} ("GET /v2/apps/spread") with the given responses in turn, the last one repeating. */
    @SafeVarargs
    public final FakeServer route(String key, Supplier<MockResponse>... answers) {
        routes.put(key, List.of(answers));
        return this;
    }

    /** Answers {@code key} by looking at the request (e.g. its query). */
    public FakeServer handle(String key, Function<RecordedRequest, MockResponse> handler) {
        handlers.put(key, handler);
        return this;
    }

    /** Answers {@code key} with a captured JSON resource. */
    public FakeServer json(String key, String resource) {
        return route(key, () -> Fixtures.json(resource));
    }

    /** The next {@code /v2/events} connection gets this response. */
    public FakeServer stream(Supplier<MockResponse> response) {
        streams.add(response);
        return this;
    }

    /** Answers the requests without a route. */
    public FakeServer otherwise(Function<RecordedRequest, MockResponse> answer) {
        otherwise = answer;
        return this;
    }

    /**
     * Requests without a route go to an in-memory Marathon: apps are created, listed, read and deleted, groups derived
     * from the ids, deployments finish at once.
     */
    public FakeServer inMemoryMarathon() {
        return otherwise(this::marathon);
    }

    /** How often {@code key} was requested. */
    public int hits(String key) {
        AtomicInteger n = hits.get(key);
        return n == null ? 0 : n.get();
    }

    /** The in-memory Marathon's app ids, sorted. */
    public synchronized List<String> appIds() {
        return List.copyOf(apps.keySet());
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
        Function<RecordedRequest, MockResponse> handler = handlers.get(key);
        if (handler != null) {
            return handler.apply(request);
        }
        List<Supplier<MockResponse>> answers = routes.get(key);
        if (answers != null) {
            return answers.get(Math.min(n, answers.size() - 1)).get();
        }
        return otherwise != null
                ? otherwise.apply(request)
                : new MockResponse().setResponseCode(599).setBody("no route for " + key);
    }

    private synchronized MockResponse marathon(RecordedRequest request) {
        String method = request.getMethod();
        String path = request.getRequestUrl().encodedPath();
        String id = path.replaceFirst("^/v2/(apps|groups)", "");
        if (method.equals("POST") && path.equals("/v2/apps")) {
            ObjectNode app = Fixtures.parse(request.getBody().readUtf8());
            String appId = app.path("id").asText();
            if (apps.putIfAbsent(appId, app) != null) {
                return json(409, "{\"message\":\"An app with id [" + appId + "] already exists.\"}");
            }
            return json(201, app.deepCopy().put("version", "v1").toString());
        } else if (method.equals("GET") && path.equals("/v2/apps")) {
            ObjectNode list = HttpSupport.mapper().createObjectNode();
            list.putArray("apps").addAll(apps.values());
            return json(200, list.toString());
        } else if (method.equals("GET") && (path.equals("/v2/tasks") || path.matches("/v2/apps/.+/tasks"))) {
            return json(200, "{\"tasks\":[]}");
        } else if (method.equals("GET") && path.startsWith("/v2/apps/")) {
            ObjectNode app = apps.get(id);
            return app == null
                    ? json(404, "{\"message\":\"App '" + path + "' does not exist\"}")
                    : json(200, "{\"app\":" + app + "}");
        } else if (method.equals("DELETE") && path.startsWith("/v2/apps/")) {
            deletes.add("app " + id);
            return json(apps.remove(id) == null ? 404 : 200, "{\"deploymentId\":\"d-" + id + "\",\"version\":\"v2\"}");
        } else if (method.equals("DELETE") && path.startsWith("/v2/groups/")) {
            deletes.add("group " + id);
            boolean any = apps.keySet().removeIf(a -> a.startsWith(id + "/"));
            return json(any ? 200 : 404, "{\"deploymentId\":\"d-" + id + "\",\"version\":\"v2\"}");
        } else if (method.equals("GET") && path.equals("/v2/groups")) {
            return json(200, rootGroup().toString());
        } else if (method.equals("GET") && path.equals("/v2/deployments")) {
            return json(200, "[]");
        }
        return json(404, "{\"message\":\"no route " + method + " " + path + "\"}");
    }

    /** Top-level apps, and one group per first id segment of the others (one level is all the tests need). */
    private ObjectNode rootGroup() {
        ObjectNode root = HttpSupport.mapper().createObjectNode().put("id", "/").put("version", "v");
        ArrayNode topApps = root.putArray("apps");
        ArrayNode groups = root.putArray("groups");
        Map<String, ArrayNode> byGroup = new TreeMap<>();
        for (ObjectNode app : apps.values()) {
            String id = app.path("id").asText();
            int slash = id.indexOf('/', 1);
            if (slash < 0) {
                topApps.add(app);
            } else {
                byGroup.computeIfAbsent(id.substring(0, slash), g -> {
                            ObjectNode group = groups.addObject().put("id", g).put("version", "v");
                            group.putArray("groups");
                            return group.putArray("apps");
                        })
                        .add(app);
            }
        }
        return root;
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
