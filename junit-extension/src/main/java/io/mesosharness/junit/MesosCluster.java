package io.mesosharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a Mesos + Marathon cluster: a local one in Docker built from this
 * annotation (or from a topology file), or an existing one when its URLs are configured (external mode).
 *
 * <p>Usable as a meta-annotation: a team defines {@code @ProductionTopology} once, annotated with
 * {@code @MesosCluster(topology = "prod-like.yml")}, and puts that on its test classes.
 *
 * <p>Give either {@link #agents()} or {@link #topology()}; neither gives
 * {@link io.mesosharness.topology.Topology#defaultTopology()}. See docs/JUNIT.md.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MesosClusterExtension.class)
public @interface MesosCluster {

    /** The topology's name (letters, digits, {@code _ . -}); empty = the file's name or "mesos-harness". */
    String name() default "";

    /** Number of Mesos masters: 1 or an odd number of at least 3. With {@link #topology()} the file decides. */
    int masters() default 1;

    /** The agents; empty = the topology file's, or the default topology's agents. */
    Agent[] agents() default {};

    /** The Mesos role Marathon registers with; empty = the default ("marathon"). */
    String marathonRole() default "";

    /** The principal Marathon uses; empty = the default ("marathon"). */
    String marathonPrincipal() default "";

    /** Marathon features to enable, e.g. {@code {"vips", "task_killing"}}. */
    String[] marathonFeatures() default {};

    /**
     * A topology file (YAML or Ansible INI inventory, see docs/TOPOLOGY.md): a classpath resource first
     * ({@code "prod-like.yml"}, {@code "inventory/hosts"}), then a path relative to the working directory.
     */
    String topology() default "";

    /**
     * True: classes asking for an equal topology share one cluster for the whole test run (started once, stopped
     * at the end of the run, or earlier to stay within {@code mesos.harness.max-shared-clusters}); each class's apps
     * live in its own app namespace ({@code /web} is {@code /<class-name-in-kebab-case>/web}, see docs/JUNIT.md), so
     * classes sharing a cluster may run concurrently. False: this class gets its own cluster, stopped after the
     * class, with ids as given.
     */
    boolean shared() default true;

    /**
     * True: after each test method, apps and groups the test deployed are removed ({@code handle.reset()}; on a
     * shared cluster the class's app namespace).
     */
    boolean resetBetweenTests() default true;

    /**
     * True: on the first failing test the cluster is kept running for inspection (how to reach and remove it is
     * printed); the remaining tests of the class are skipped so its state stays as the failure left it.
     */
    boolean retainOnFailure() default false;
}
