package io.mesosharness.marathon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP side of {@link MarathonClient}: builds URLs on the current base URL, sends requests, turns failures into
 * {@link MarathonException}s with Marathon's message and details, and reads JSON answers into the typed records.
 */
final class MarathonHttp {

    private final Supplier<URI> baseUrl;
    private final ObjectMapper mapper = HttpSupport.mapper();

    MarathonHttp(Supplier<URI> baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String normalise(String appId) {
        requireText("app id", appId);
        String id = appId.trim();
        return id.startsWith("/") ? id : "/" + id;
    }

    static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty, got '" + value + "'");
        }
    }

    /** {@code ?force=true} when forced, else nothing. */
    static String[] force(boolean force) {
        return force ? new String[] {"force", "true"} : new String[0];
    }

    /** One HTTP exchange: what was sent where, and what came back. */
    record Result(String method, String url, int status, java.net.http.HttpHeaders headers, String body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return HttpSupport.readTree(body);
            } catch (IOException e) {
                throw new MarathonException(
                        MarathonException.Kind.OTHER,
                        status,
                        method,
                        url,
                        "response is not valid JSON: " + HttpSupport.abbreviate(body, 300),
                        List.of(),
                        List.of(),
                        e);
            }
        }
    }

    URI url(String path, String... query) {
        URI base = baseUrl.get();
        if (base == null) {
            throw new IllegalStateException("Marathon base URL supplier returned null");
        }
        return HttpSupport.url(base, path, query);
    }

    Result send(String method, URI url, String jsonBody, String accept) {
        HttpSupport.Exchange exchange;
        try {
            exchange = HttpSupport.send(method, url, jsonBody, accept, null, true);
        } catch (IOException e) {
            throw new MarathonException(
                    MarathonException.Kind.UNREACHABLE,
                    0,
                    method,
                    url.toString(),
                    HttpSupport.describe(e),
                    List.of(),
                    List.of(),
                    e);
        }
        Result result = new Result(method, url.toString(), exchange.status(), exchange.headers(), exchange.body());
        if (!exchange.ok()) {
            throw error(result);
        }
        return result;
    }

    private MarathonException error(Result result) {
        String message = null;
        List<MarathonException.Detail> details = new ArrayList<>();
        List<String> deploymentIds = new ArrayList<>();
        JsonNode json = null;
        try {
            json = HttpSupport.readTree(result.body());
        } catch (IOException e) {
            // not JSON: use the text
        }
        if (json != null && json.isObject()) {
            message = json.path("message").asText(null);
            for (JsonNode detail : json.path("details")) {
                List<String> errors = new ArrayList<>();
                detail.path("errors").forEach(e -> errors.add(e.asText()));
                details.add(new MarathonException.Detail(detail.path("path").asText(""), errors));
            }
            for (JsonNode deployment : json.path("deployments")) {
                if (deployment.hasNonNull("id")) {
                    deploymentIds.add(deployment.get("id").asText());
                }
            }
        }
        if (message == null) {
            message = result.body().isBlank() ? "" : HttpSupport.abbreviate(result.body(), 300);
        }
        return new MarathonException(
                MarathonException.kindOf(result.status(), message),
                result.status(),
                result.method(),
                result.url(),
                message,
                details,
                deploymentIds,
                null);
    }

    DeploymentRef deploymentRef(Result result) {
        JsonNode body = result.json();
        if (body == null) {
            return new DeploymentRef(result.header("Marathon-Deployment-Id"), null);
        }
        return new DeploymentRef(
                body.path("deploymentId").asText(result.header("Marathon-Deployment-Id")),
                body.path("version").asText(null));
    }

    <T> T read(Result result, String field, Class<T> type) {
        JsonNode body = result.json();
        JsonNode node = body == null ? null : field == null ? body : body.get(field);
        if (node == null || node.isNull()) {
            throw new MarathonException(
                    MarathonException.Kind.OTHER,
                    result.status(),
                    result.method(),
                    result.url(),
                    "response has no " + (field == null ? "body" : "'" + field + "'") + ": "
                            + HttpSupport.abbreviate(result.body(), 300),
                    List.of(),
                    List.of(),
                    null);
        }
        return convert(result, node, type);
    }

    <T> List<T> readList(Result result, String field, Class<T> type) {
        JsonNode body = result.json();
        JsonNode node = body == null ? null : field == null ? body : body.get(field);
        if (node == null || !node.isArray()) {
            throw new MarathonException(
                    MarathonException.Kind.OTHER,
                    result.status(),
                    result.method(),
                    result.url(),
                    "response has no " + (field == null ? "array" : "'" + field + "' array") + ": "
                            + HttpSupport.abbreviate(result.body(), 300),
                    List.of(),
                    List.of(),
                    null);
        }
        JavaType listType = mapper.getTypeFactory().constructCollectionType(List.class, type);
        try {
            return List.copyOf(mapper.<List<T>>convertValue(node, listType));
        } catch (IllegalArgumentException e) {
            throw unreadable(result, type, e);
        }
    }

    <T> T convert(Result result, JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw unreadable(result, type, e);
        }
    }

    private MarathonException unreadable(Result result, Class<?> type, Exception e) {
        return new MarathonException(
                MarathonException.Kind.OTHER,
                result.status(),
                result.method(),
                result.url(),
                "cannot read " + type.getSimpleName() + ": " + e.getMessage(),
                List.of(),
                List.of(),
                e);
    }
}
