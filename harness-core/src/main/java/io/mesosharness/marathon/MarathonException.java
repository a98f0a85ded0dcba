package io.mesosharness.marathon;

import io.mesosharness.http.HttpSupport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Marathon answered a request with an error, or could not be reached. Carries Marathon's own message and details so
 * the test failure explains itself, for example
 * {@code Marathon rejected POST /v2/apps (422 Object is not valid): /constraints: GROUP BY must define an integer value or else no value at all}.
 */
public class MarathonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is, derived from the status. */
    public enum Kind {
        /** 400 or 422: the request (usually an app definition) is invalid. */
        VALIDATION,
        /** 409 on a change: the app or group is locked by a running deployment; retry with force or wait. */
        LOCKED_BY_DEPLOYMENT,
        /** 409 on create: an app or group with that id already exists. */
        ALREADY_EXISTS,
        /** 404: unknown app, group, deployment or queue entry. */
        NOT_FOUND,
        /** 5xx: Marathon failed, has no leader, or timed out internally. */
        SERVER_ERROR,
        /** Marathon could not be reached at all (status 0: connection refused, timeout, ...). */
        UNREACHABLE,
        /** Any other unexpected status or response. */
        OTHER
    }

    /** One entry of Marathon's {@code details}: a JSON path and its error messages. */
    public record Detail(String path, List<String> errors) {

        @Override
        public String toString() {
            return (path == null || path.isEmpty() ? "/" : path) + ": " + String.join(", ", errors);
        }
    }

    private record ErrorBody(String message, List<Detail> details, List<App.DeploymentId> deployments) {}

    private final int status;
    private final String method;
    private final String url;
    private final String marathonMessage;
    private final List<Detail> details;
    private final List<String> deploymentIds;

    /** {@code status} 0 means Marathon was not reached; {@code details} and {@code deploymentIds} may be null. */
    public MarathonException(
            int status,
            String method,
            String url,
            String marathonMessage,
            List<Detail> details,
            List<String> deploymentIds,
            Throwable cause) {
        super(null, cause);
        this.status = status;
        this.method = method;
        this.url = url;
        this.marathonMessage = marathonMessage == null ? "" : marathonMessage;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.deploymentIds = deploymentIds == null ? List.of() : List.copyOf(deploymentIds);
    }

    /** Marathon answered with an error status: its message, details and locking deployments, read from the body. */
    static MarathonException rejected(HttpSupport.Exchange answer) {
        ErrorBody body;
        try {
            body = Objects.requireNonNull(HttpSupport.mapper().readValue(answer.body(), ErrorBody.class));
        } catch (IOException | RuntimeException e) { // not Marathon's JSON: the text is the message
            body = new ErrorBody(null, List.of(), List.of());
        }
        return new MarathonException(
                answer.status(),
                answer.method(),
                answer.url(),
                body.message() != null ? body.message() : HttpSupport.abbreviate(answer.body(), 300),
                body.details(),
                body.deployments().stream().map(App.DeploymentId::id).toList(),
                null);
    }

    static MarathonException unreachable(String method, URI url, IOException e) {
        return new MarathonException(0, method, url.toString(), HttpSupport.describe(e), null, null, e);
    }

    /** A 2xx answer that is not what the call reads ({@link HttpSupport.Failure}). */
    static MarathonException unreadable(HttpSupport.Exchange answer, String problem, Exception cause) {
        return new MarathonException(answer.status(), answer.method(), answer.url(), problem, null, null, cause);
    }

    public Kind kind() {
        return switch (status) {
            case 0 -> Kind.UNREACHABLE;
            case 400, 422 -> Kind.VALIDATION;
            case 404 -> Kind.NOT_FOUND;
            case 409 ->
                marathonMessage.contains("already exists") || marathonMessage.contains("already created")
                        ? Kind.ALREADY_EXISTS
                        : Kind.LOCKED_BY_DEPLOYMENT;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.OTHER;
        };
    }

    /** HTTP status, 0 when Marathon was not reached. */
    public int status() {
        return status;
    }

    public String method() {
        return method;
    }

    /** Full URL of the failed request. */
    public String url() {
        return url;
    }

    /** Marathon's {@code message} field (or the raw body for non-JSON answers). */
    public String marathonMessage() {
        return marathonMessage;
    }

    /** Marathon's {@code details} (validation errors by JSON path). */
    public List<Detail> details() {
        return details;
    }

    /** Ids of the deployments that lock the app (409). */
    public List<String> deploymentIds() {
        return deploymentIds;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    @Override
    public String getMessage() {
        // path and query, without the embed parameters the client always sends
        String target = method + " "
                + url.replaceFirst("^\\w+://[^/]*", "")
                        .replaceAll("embed=[^&]*&?", "")
                        .replaceFirst("[?&]$", "");
        if (status == 0) {
            return "Marathon did not answer " + target + " (" + url + "): " + marathonMessage;
        }
        String message = "Marathon rejected " + target + " (" + status
                + (marathonMessage.isEmpty() ? "" : " " + marathonMessage) + ")";
        if (!details.isEmpty()) {
            message += ": " + details.stream().map(Detail::toString).collect(Collectors.joining("; "));
        }
        if (kind() == Kind.LOCKED_BY_DEPLOYMENT) {
            message += (deploymentIds.isEmpty() ? "" : " - locked by deployment(s) " + String.join(", ", deploymentIds))
                    + "; wait for the deployment to finish or repeat the call on marathon().forced()";
        }
        return message;
    }
}
