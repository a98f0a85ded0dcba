package io.mesosharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One agent, or a group of {@link #count()} agents, of a {@link MesosCluster}. A group named {@code compute} with
 * count 3 gives agents {@code compute-1}, {@code compute-2}, {@code compute-3}.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Agent {

    /** Host name of the agent (prefix of the group): lowercase letters, digits and '-'. */
    String name();

    /** Mesos attributes, e.g. {@code "rack:a;zone:eu-1"}. */
    String attributes() default "";

    /** Mesos resources merged over the defaults, e.g. {@code "cpus:2;mem:2048;disk:8192"}. */
    String resources() default "";

    /** Number of agents in this group, at least 1. */
    int count() default 1;

    /**
     * Further Mesos agent flags as {@code "name=value"}, e.g. {@code "gc_delay=1days"}; flags the harness sets
     * ({@code hostname}, {@code attributes}, ...) are refused, naming the setting to use instead.
     */
    String[] flags() default {};

    /**
     * Containerizers in Mesos' order, e.g. {@code {"docker", "mesos"}} to run {@code container.type: DOCKER} apps
     * (needs an agent image with a docker CLI, docs/DOCKER-APPS.md); empty means the Mesos containerizer only.
     */
    String[] containerizers() default {};
}
