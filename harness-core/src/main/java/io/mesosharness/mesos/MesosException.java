package io.mesosharness.mesos;

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
}
