package io.mesosharness.cluster;

/**
 * A wait of the harness ran out of time (a start, a reset, the reaction to a fault): the message says what was
 * expected and what was seen last. Fault injection reports its timeouts as {@link FaultInjectionException}, a start
 * as {@link ClusterStartException}; this is what other waits, such as a reset, throw.
 */
public class WaitTimeoutException extends RuntimeException {

    public WaitTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
