package io.mesosharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the agent an {@link io.mesosharness.cluster.AgentHandle} parameter or {@link ClusterHandle} field gets.
 * Without it, the parameter's name (compiled with {@code -parameters}) or the field's name is the agent name.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface AgentName {

    /** The agent's host name, e.g. {@code "a1"} or {@code "compute-2"}. */
    String value();
}
