package io.mesosharness.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;

/** Verbatim fixtures copied from the reference material into src/test/resources. */
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
}
