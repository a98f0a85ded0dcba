package io.mesosharness.marathon;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Marathon answered a request with an error, or could not be reached. Carries Marathon's own message and details so
 * the test failure explains itself, for example
 * {@code Marathon rejected POST /v2/apps (422 Object is not valid): /constraints: GROUP BY must define an integer value or else no value at all}.
 */
public class MarathonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure this is. */
    public enum Kind {
        /** 400 or 422: the request (usually an app definition) is invalid. */
        VALIDATION,
        /** 409 on a change: the app or group is locked by a running deployment; retry with force or wait. */
        LOCKED_BY_DEPLOYMENT,
        /** 409 on create: an app with that id already exists. */
        ALREADY_EXISTS,
        /** 404: unknown app, group, deployment or queue entry. */
        NOT_FOUND,
        /** 5xx: Marathon failed, has no leader, or timed out internally. */
        SERVER_ERROR,
        /** Marathon could not be reached at all (connection refused, timeout, ...). */
        UNREACHABLE,
        /** Any other unexpected status or response. */
        OTHER
    }

    /** One entry of Marathon's {@code details}: a JSON path and its error messages. */
    public record Detail(String path, List<String> errors) {
        public Detail {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        @Override
        public String toString() {
            return (path == null || path.isEmpty() ? "/" : path) + ": " + String.join(", ", errors);
        }
    }

    private final Kind kind;
    private final int status;
    private final String method;
    private final String url;
    private final String marathonMessage;
    private final List<Detail> details;
    private final List<String> deploymentIds;

    public MarathonException(
            Kind kind,
            int status,
            String method,
            String url,
            String marathonMessage,
            List<Detail> details,
            List<String> deploymentIds,
            Throwable cause) {
        super(render(kind, status, method, url, marathonMessage, details, deploymentIds, cause), cause);
        this.kind = kind;
        this.status = status;
        this.method = method;
        this.url = url;
        this.marathonMessage = marathonMessage;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.deploymentIds = deploymentIds == null ? List.of() : List.copyOf(deploymentIds);
    }

    /** Kind of failure derived from the status (and message for 409). */
    public Kind kind() {
        return kind;
    }

    /** HTTP status, 0 when Marathon was not reached. */
    public int status() {
        return status;
    }

    /** HTTP method of the failed request. */
    public String method() {
        return method;
    }

    /** Full URL of the failed request. */
    public String url() {
        return url;
    }

    /** Marathon's {@code message} field (or the raw body for non-JSON answers); empty if none. */
    public String marathonMessage() {
        return marathonMessage == null ? "" : marathonMessage;
    }

    /** Marathon's {@code details} (validation errors by JSON path). */
    public List<Detail> details() {
        return details;
    }

    /** Ids of the deployments that lock the app (409). */
    public List<String> deploymentIds() {
        return deploymentIds;
    }

    /** True for 400/422. */
    public boolean isValidation() {
        return kind == Kind.VALIDATION;
    }

    /** True for 409 because a deployment is running. */
    public boolean isLockedByDeployment() {
        return kind == Kind.LOCKED_BY_DEPLOYMENT;
    }

    /** True for 404. */
    public boolean isNotFound() {
        return kind == Kind.NOT_FOUND;
    }

    static Kind kindOf(int status, String message) {
        if (status == 400 || status == 422) {
            return Kind.VALIDATION;
        }
        if (status == 409) {
            return message != null && message.contains("already exists")
                    ? Kind.ALREADY_EXISTS
                    : Kind.LOCKED_BY_DEPLOYMENT;
        }
        if (status == 404) {
            return Kind.NOT_FOUND;
        }
        if (status >= 500) {
            return Kind.SERVER_ERROR;
        }
        return Kind.OTHER;
    }

    private static String render(
            Kind kind,
            int status,
            String method,
            String url,
            String message,
            List<Detail> details,
            List<String> deploymentIds,
            Throwable cause) {
        String target = method + " " + shortUrl(url);
        if (kind == Kind.UNREACHABLE) {
            return "Marathon did not answer " + target + " (" + url + "): "
                    + (cause == null ? message : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        StringBuilder sb = new StringBuilder("Marathon rejected ")
                .append(target)
                .append(" (")
                .append(status);
        if (message != null && !message.isEmpty()) {
            sb.append(' ').append(message);
        }
        sb.append(')');
        if (details != null && !details.isEmpty()) {
            sb.append(": ").append(details.stream().map(Detail::toString).collect(Collectors.joining("; ")));
        }
        if (kind == Kind.LOCKED_BY_DEPLOYMENT) {
            sb.append(
                            deploymentIds == null || deploymentIds.isEmpty()
                                    ? ""
                                    : " - locked by deployment(s) " + String.join(", ", deploymentIds))
                    .append("; wait for the deployment to finish or repeat the call on marathon().forced()");
        }
        return sb.toString();
    }

    /** Path and query of the URL, without the {@code embed} parameters the client always sends. */
    private static String shortUrl(String url) {
        if (url == null) {
            return "null";
        }
        java.net.URI parsed = java.net.URI.create(url);
        String query = parsed.getRawQuery() == null
                ? ""
                : java.util.Arrays.stream(parsed.getRawQuery().split("&"))
                        .filter(p -> !p.startsWith("embed="))
                        .collect(Collectors.joining("&"));
        return parsed.getRawPath() + (query.isEmpty() ? "" : "?" + query);
    }
}
