package io.mesosharness.mesos;

import io.mesosharness.http.HttpSupport;
import java.io.IOException;

/** A Mesos master or agent answered with an error or could not be reached; the message says which call and why. */
public class MesosException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String url;
    private final String responseBody;

    /** A failure that is not an HTTP answer (status 0, no URL). */
    MesosException(String message) {
        this(message, 0, null, null, null);
    }

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

    /** Mesos answered other than {@code expectation} (may be null); says why where it knows. */
    static MesosException answered(HttpSupport.Exchange answer, String expectation) {
        String hint = switch (answer.status()) {
            case 307 -> " (not the leading master)";
            case 503 -> " (no leading master elected yet, or the master is recovering)";
            default -> "";
        };
        return new MesosException(
                "Mesos answered " + answer.method() + " " + answer.url() + " with " + answer.status() + hint
                        + (answer.body().isBlank() ? "" : ": " + HttpSupport.abbreviate(answer.body(), 300))
                        + (expectation == null ? "" : " – " + expectation),
                answer.status(),
                answer.url(),
                answer.body(),
                null);
    }

    /** A 2xx answer that is not what the call reads ({@link HttpSupport.Failure}). */
    static MesosException unreadable(HttpSupport.Exchange answer, String problem, Exception cause) {
        return new MesosException(
                "Mesos answered " + answer.method() + " " + answer.url() + " with " + answer.status() + ": " + problem,
                answer.status(),
                answer.url(),
                answer.body(),
                cause);
    }

    /** Mesos was not reached. */
    static MesosException noAnswer(String method, String url, IOException e) {
        return new MesosException(
                "Mesos did not answer " + method + " " + url + ": " + HttpSupport.describe(e), 0, url, null, e);
    }
}
