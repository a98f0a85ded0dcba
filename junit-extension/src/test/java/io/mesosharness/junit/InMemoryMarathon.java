package io.mesosharness.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of Marathon's app and group API, in memory, for the extension's namespacing tests: apps are created,
 * listed, read and deleted; groups are derived from the ids; deployments finish at once. Records every delete.
 */
final class InMemoryMarathon implements AutoCloseable {

    private final Map<String, ObjectNode> apps = new TreeMap<>();
    final List<String> deletes = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);

    InMemoryMarathon() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<String> appIds() {
        return List.copyOf(apps.keySet());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status = 200;
        String answer;
        synchronized (this) {
            if (method.equals("POST") && path.equals("/v2/apps")) {
                ObjectNode app = (ObjectNode) HttpSupport.readTree(body);
                String id = app.path("id").asText();
                if (apps.containsKey(id)) {
                    status = 409;
                    answer = "{\"message\":\"An app with id [" + id + "] already exists.\"}";
                } else {
                    apps.put(id, app);
                    status = 201;
                    answer = app.deepCopy().put("version", "v1").toString();
                }
            } else if (method.equals("GET") && path.equals("/v2/apps")) {
                answer = "{\"apps\":" + array(apps.values()) + "}";
            } else if (method.equals("GET") && path.startsWith("/v2/apps/") && path.endsWith("/tasks")) {
                answer = "{\"tasks\":[]}";
            } else if (method.equals("GET") && path.startsWith("/v2/apps/")) {
                ObjectNode app = apps.get(path.substring("/v2/apps".length()));
                status = app == null ? 404 : 200;
                answer = app == null ? "{\"message\":\"App '" + path + "' does not exist\"}" : "{\"app\":" + app + "}";
            } else if (method.equals("DELETE") && path.startsWith("/v2/apps/")) {
                String id = path.substring("/v2/apps".length());
                deletes.add("app " + id);
                status = apps.remove(id) == null ? 404 : 200;
                answer = "{\"deploymentId\":\"d-" + id + "\",\"version\":\"v2\"}";
            } else if (method.equals("DELETE") && path.startsWith("/v2/groups/")) {
                String id = path.substring("/v2/groups".length());
                deletes.add("group " + id);
                boolean any = apps.keySet().removeIf(a -> a.startsWith(id + "/"));
                status = any ? 200 : 404;
                answer = "{\"deploymentId\":\"d-" + id + "\",\"version\":\"v2\"}";
            } else if (method.equals("GET") && path.equals("/v2/groups")) {
                answer = rootGroup().toString();
            } else if (method.equals("GET") && path.equals("/v2/deployments")) {
                answer = "[]";
            } else if (method.equals("GET") && path.equals("/v2/tasks")) {
                answer = "{\"tasks\":[]}";
            } else {
                status = 404;
                answer = "{\"message\":\"no route " + method + " " + path + "\"}";
            }
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
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

    private static String array(Iterable<? extends JsonNode> nodes) {
        ArrayNode out = HttpSupport.mapper().createArrayNode();
        nodes.forEach(out::add);
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
