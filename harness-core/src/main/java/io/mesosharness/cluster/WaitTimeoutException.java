package io.mesosharness.cluster;

/**
 * A wait of the harness ran out of time (a start, a reset, the reaction to a fault): the message says what was
 * expected and what was seen last. Fault injection reports its timeouts as {@link FaultInjectionException}, a start
 * as {@link ClusterStartException}; this is what other waits, such as a reset, throw.
 */
public class WaitTimeoutException extends RuntimeException {

    private final String expectation;

    public WaitTimeoutException(String expectation, String message, Throwable cause) {
        super(message, cause);
        this.expectation = expectation;
    }

    /** What was waited for, e.g. "Marathon to forget [/web] and Mesos to end their tasks". */
    public String expectation() {
        return expectation;
    }
}
