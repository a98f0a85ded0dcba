package io.mesosharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a {@link MesosCluster} class once per named image set (ZooKeeper, Mesos master, Mesos agent and Marathon
 * images, defined as {@code mesos.harness.image-set.<name>.marathon=...} etc., see
 * {@link io.mesosharness.containers.ImageSet}): each set is its own container in the test report, named after the
 * set, with its own cluster, shared by the classes that ask for the same topology and set.
 *
 * <pre>{@code
 * @MesosCluster(agents = {@Agent(name = "a1"), @Agent(name = "b1")})
 * @MesosImageSets({"current", "next"})
 * class UpgradeRehearsalTest { ... }
 * }</pre>
 *
 * <p>Needs JUnit Jupiter 5.13 or later (it is a {@link ClassTemplate}); on older versions a class carrying it fails
 * with {@code NoClassDefFoundError: org/junit/jupiter/api/extension/ClassTemplateInvocationContextProvider}. Classes
 * without it are unaffected: the extension itself still runs on JUnit 5.10+. See docs/JUNIT.md.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
@ExtendWith(ImageSetMatrix.class)
public @interface MesosImageSets {

    /** The set names, in run order; empty = the comma-separated list in {@code mesos.harness.image-sets}. */
    String[] value() default {};
}
