package io.mesosharness.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;

/**
 * Shared HTTP and JSON plumbing of the Marathon and Mesos clients: one tolerant {@link ObjectMapper}, OkHttp
 * client defaults and URL helpers.
 */
public final class HttpSupport {

    /** {@code application/json; charset=utf-8}. */
    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private HttpSupport() {}

    /** The mapper used by both clients; unknown JSON properties are ignored. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** OkHttp client with the harness defaults: 5 s connect, 30 s read and write timeouts, redirects followed. */
    public static OkHttpClient newClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Parses a base URL given as text, with a clear error naming the value. */
    public static URI baseUri(String baseUrl, String what) {
        Objects.requireNonNull(baseUrl, what + " base URL must not be null");
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    what + " base URL '" + baseUrl + "' is not a valid URI: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null
                || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException(what + " base URL '" + baseUrl + "' must look like http://host:port");
        }
        return uri;
    }

    /**
     * Resolves {@code path} (starting with '/') against a base URI, keeping any path prefix of the base (for Marathon
     * behind a reverse proxy at {@code http://host/marathon}).
     */
    public static HttpUrl.Builder url(URI base, String path) {
        HttpUrl baseUrl = HttpUrl.get(base);
        if (baseUrl == null) {
            throw new IllegalArgumentException("Not an http(s) URL: " + base);
        }
        String prefix = baseUrl.encodedPath();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        HttpUrl.Builder builder =
                baseUrl.newBuilder().encodedPath(prefix + path).query(null);
        return builder;
    }

    /** Reads a JSON body, or null for an empty body; throws {@link IOException} on invalid JSON. */
    public static JsonNode readTree(String body) throws IOException {
        if (body == null || body.isBlank()) {
            return null;
        }
        return MAPPER.readTree(body);
    }

    /** The first {@code max} characters of {@code text}, with an ellipsis when cut. */
    public static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        String oneLine = text.strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }
}
