package io.mesosharness.mesos;

import io.mesosharness.http.HttpSupport;

/** A Mesos master or agent answered with an error or could not be reached; the message says which call and why. */
public class MesosException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String url;
    private final String responseBody;

    public MesosException(String message, int status, String url, String responseBody, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.url = url;
        this.responseBody = responseBody == null ? "" : responseBody;
    }

    /** HTTP status, 0 if Mesos was not reached. */
    public int status() {
        return status;
    }

    /** The URL of the failed request. */
    public String url() {
        return url;
    }

    /** The response body as text (empty if none). */
    public String responseBody() {
        return responseBody;
    }

    /** Mesos answered {@code status} where {@code expectation} (may be null) was wanted; says why where it knows. */
    static MesosException answered(String method, String url, int status, String body, String expectation) {
        String hint = switch (status) {
            case 307 -> " (not the leading master)";
            case 503 -> " (no leading master elected yet, or the master is recovering)";
            default -> "";
        };
        return new MesosException(
                "Mesos answered " + method + " " + url + " with " + status + hint
                        + (body == null || body.isBlank() ? "" : ": " + HttpSupport.abbreviate(body, 300))
                        + (expectation == null ? "" : " – " + expectation),
                status,
                url,
                body,
                null);
    }

    /** Mesos was not reached. */
    static MesosException noAnswer(String method, String url, java.io.IOException e) {
        return new MesosException(
                "Mesos did not answer " + method + " " + url + ": " + io.mesosharness.http.HttpSupport.describe(e),
                0,
                url,
                null,
                e);
    }
}
