package io.mesosharness.mesos;

import io.mesosharness.http.HttpSupport;
import java.io.IOException;

/** A Mesos master or agent answered with an error or could not be reached; the message says which call and why. */
public class MesosException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    /** A failure that is not an HTTP answer (status 0). */
    MesosException(String message) {
        this(message, 0, null);
    }

    MesosException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status, 0 if Mesos was not reached. */
    public int status() {
        return status;
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
                null);
    }

    /** A 2xx answer that is not what the call reads ({@link HttpSupport.Failure}). */
    static MesosException unreadable(HttpSupport.Exchange answer, String problem, Exception cause) {
        return new MesosException(
                "Mesos answered " + answer.method() + " " + answer.url() + " with " + answer.status() + ": " + problem,
                answer.status(),
                cause);
    }

    static MesosException noAnswer(String url, IOException e) {
        return new MesosException("Mesos did not answer GET " + url + ": " + HttpSupport.describe(e), 0, e);
    }
}
