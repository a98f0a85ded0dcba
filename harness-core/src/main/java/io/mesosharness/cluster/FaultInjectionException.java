package io.mesosharness.cluster;

/** A fault was injected, but the cluster did not show the expected reaction in time; says what was expected and seen. */
public class FaultInjectionException extends RuntimeException {

    public FaultInjectionException(String message) {
        super(message);
    }

    public FaultInjectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
