package io.mesosharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link MesosCluster} test class to be filled with the cluster, or one of its parts. Supported
 * types: {@link io.mesosharness.cluster.MesosClusterHandle}, {@link io.mesosharness.marathon.MarathonClient},
 * {@link io.mesosharness.mesos.MesosClient} and {@link io.mesosharness.cluster.AgentHandle} (the agent named by
 * {@link AgentName}, else by the field's name). Static fields are set before {@code @BeforeAll} methods run,
 * instance fields right after the test instance is created. Fields must not be final.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClusterHandle {}
