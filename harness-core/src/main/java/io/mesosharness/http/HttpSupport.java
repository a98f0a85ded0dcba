package io.mesosharness.http;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one HTTP client of the library (the JDK's {@code java.net.http}, HTTP/1.1) and its JSON mapper, used by the
 * Marathon and Mesos clients and Marathon's event stream; plus URL helpers that keep a base URL's path prefix.
 */
public final class HttpSupport {

    /** Timeout of a request until its answer's headers arrived, when the caller gives none. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Reads the clients' records: unknown fields ignored, absent or null lists and maps empty. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .withConfigOverride(Map.class, o -> o.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .build();

    private static final HttpClient FOLLOWING = client(HttpClient.Redirect.NORMAL);
    private static final HttpClient NOT_FOLLOWING = client(HttpClient.Redirect.NEVER);

    private HttpSupport() {}

    private static HttpClient client(HttpClient.Redirect redirect) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(redirect)
                .build();
    }

    /** The mapper the clients read their records with (not meant for other mappers). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** How a client words a failed read of an answer (its own exception type, with the exchange's details). */
    @FunctionalInterface
    public interface Failure {
        RuntimeException of(Exchange exchange, String problem, Exception cause);
    }

    /** One answered request: what was sent where, and what came back. */
    public record Exchange(String method, String url, int status, java.net.http.HttpHeaders headers, String body) {
        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** True for a 2xx status. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON, null when empty; invalid JSON is a {@code fail}ure. */
        public JsonNode json(Failure fail) {
            try {
                return readTree(body);
            } catch (IOException e) {
                throw fail.of(this, "response is not valid JSON: " + abbreviate(body, 300), e);
            }
        }

        /** The body ({@code field} null) or one of its fields as {@code type}; absent or unreadable is a failure. */
        public <T> T read(String field, Class<T> type, Failure fail) {
            return convert(field, MAPPER.constructType(type), fail);
        }

        /** Like {@link #read}, for a JSON array of {@code type}. */
        public <T> List<T> readList(String field, Class<T> type, Failure fail) {
            return List.copyOf(this.<List<T>>convert(
                    field, MAPPER.getTypeFactory().constructCollectionType(List.class, type), fail));
        }

        private <T> T convert(String field, JavaType type, Failure fail) {
            JsonNode body = json(fail);
            JsonNode node = body == null || field == null ? body : body.get(field);
            boolean array = type.isCollectionLikeType();
            if (node == null || node.isNull() || (array && !node.isArray())) {
                String what = (field == null ? "body" : "'" + field + "'") + (array ? " array" : "");
                throw fail.of(this, "response has no " + what + ": " + abbreviate(this.body, 300), null);
            }
            try {
                return MAPPER.convertValue(node, type);
            } catch (IllegalArgumentException e) {
                throw fail.of(this, "cannot read " + type.toCanonical() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Sends a request and reads the whole answer as text. {@code jsonBody} null sends no body (an empty one for POST and
     * PUT); {@code timeout} null means {@link #TIMEOUT}.
     *
     * @throws IOException when there is no answer (refused, reset, timed out, interrupted)
     */
    public static Exchange send(
            String method, URI url, String jsonBody, String accept, Duration timeout, boolean followRedirects)
            throws IOException {
        HttpRequest.BodyPublisher body = jsonBody == null && !method.equals("POST") && !method.equals("PUT")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody == null ? "" : jsonBody);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .method(method, body)
                .header("Accept", accept)
                .timeout(timeout == null ? TIMEOUT : timeout);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json; charset=utf-8");
        }
        HttpResponse<String> response = call(
                followRedirects ? FOLLOWING : NOT_FOLLOWING, request.build(), HttpResponse.BodyHandlers.ofString());
        return new Exchange(method, url.toString(), response.statusCode(), response.headers(), response.body());
    }

    /**
     * Opens a long-lived {@code GET} (an event stream): no read timeout, redirects followed. The caller reads and closes
     * the body.
     */
    public static HttpResponse<InputStream> open(URI url, String accept) throws IOException {
        HttpRequest request =
                HttpRequest.newBuilder(url).GET().header("Accept", accept).build();
        return call(FOLLOWING, request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private static <T> HttpResponse<T> call(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException {
        try {
            return client.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during " + request.method() + " " + request.uri());
        }
    }

    /**
     * An I/O failure in words, with its causes: the JDK client's exceptions often have no message, and a refused
     * connection is a message-less {@code ConnectException} caused by a message-less {@code ClosedChannelException}.
     */
    public static String describe(IOException e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            parts.add(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage()));
        }
        return String.join(": ", parts);
    }

    /** A base URL given as text, checked (with a clear error naming the value), as a client's URL supplier. */
    public static Supplier<URI> fixedBaseUrl(String baseUrl, String what) {
        Objects.requireNonNull(baseUrl, what + " base URL must not be null");
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    what + " base URL '" + baseUrl + "' is not a valid URI: " + e.getMessage(), e);
        }
        if (uri.getHost() == null || !String.valueOf(uri.getScheme()).matches("https?")) {
            throw new IllegalArgumentException(what + " base URL '" + baseUrl + "' must look like http://host:port");
        }
        return () -> uri;
    }

    /**
     * {@code path} (starting with '/', already encoded; see {@link #segment}) on a base URI, keeping any path prefix of
     * the base (for Marathon behind a reverse proxy at {@code http://host/marathon}), with query parameters given as
     * name-value pairs (encoded here).
     */
    public static URI url(URI base, String path, String... query) {
        if (query.length % 2 != 0) {
            throw new IllegalArgumentException("query parameters come in name-value pairs: " + String.join(",", query));
        }
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceFirst("/$", "");
        StringBuilder url = new StringBuilder(base.getScheme() + "://" + base.getRawAuthority() + prefix + path);
        for (int i = 0; i < query.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(encode(query[i])).append('=').append(encode(query[i + 1]));
        }
        return URI.create(url.toString());
    }

    /** One path segment, percent-encoded (a task id, a group name). */
    public static String segment(String text) {
        return encode(text).replace("+", "%20");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Reads a JSON body, or null for an empty body; throws {@link IOException} on invalid JSON. */
    public static JsonNode readTree(String body) throws IOException {
        return body == null || body.isBlank() ? null : MAPPER.readTree(body);
    }

    /** The first {@code max} characters of {@code text}, with an ellipsis when cut. */
    public static String abbreviate(String text, int max) {
        String oneLine = text == null ? "" : text.strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "…";
    }
}
