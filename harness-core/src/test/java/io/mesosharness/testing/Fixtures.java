package io.mesosharness.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;

/** Verbatim fixtures copied from the reference material into src/test/resources, and responses built from them. */
public final class Fixtures {

    private Fixtures() {}

    /** Text of a test resource, e.g. {@code captured/marathon-v2-queue.json}. */
    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("test resource not found: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 200 with the resource as JSON body. */
    public static MockResponse json(String resource) {
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(text(resource));
    }

    /**
     * A response built from a captured {@code .headers.txt} (status line and headers, Content-Length dropped because the
     * stored body is pretty-printed) and a captured body.
     */
    public static MockResponse captured(String headersResource, String bodyResource) {
        List<String> lines = text(headersResource).lines().toList();
        MockResponse response = new MockResponse().setStatus(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            if (!name.equalsIgnoreCase("Content-Length")) {
                response.addHeader(name, line.substring(colon + 1).trim());
            }
        }
        return response.setBody(bodyResource == null ? "" : text(bodyResource));
    }

    /** An event stream served as {@code text/event-stream}. */
    public static MockResponse eventStream(String resource) {
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "text/event-stream")
                .setBody(text(resource));
    }

    /** A JSON body built from a tree. */
    public static Supplier<MockResponse> body(JsonNode tree) {
        String text = tree.toString();
        return () -> new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "application/json")
                .setBody(text);
    }

    public static Supplier<MockResponse> sseBody(String text) {
        return () -> new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", "text/event-stream")
                .setBody(text);
    }

    /** A JSON resource as a tree to edit. */
    public static ObjectNode tree(String resource) {
        return parse(text(resource));
    }

    /** JSON text as a tree to edit. */
    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) HttpSupport.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first SSE block (event_stream_attached) of a captured stream (Marathon ends lines with CRLF). */
    public static String attachedBlock(String resource) {
        String text = text(resource);
        int crlf = text.indexOf("\r\n\r\n");
        if (crlf >= 0) {
            return text.substring(0, crlf + 4);
        }
        return text.substring(0, text.indexOf("\n\n") + 2);
    }

    /** The app inside {@code {"app": {...}}}. */
    public static ObjectNode app(ObjectNode wrapper) {
        return (ObjectNode) wrapper.get("app");
    }

    public static void removeTasksExcept(ObjectNode app, int keep) {
        ArrayNode tasks = (ArrayNode) app.get("tasks");
        while (tasks.size() > keep) {
            tasks.remove(tasks.size() - 1);
        }
    }
}
