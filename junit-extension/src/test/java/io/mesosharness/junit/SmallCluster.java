package io.mesosharness.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The topology the cluster-layer tests of this module share (a team-style meta-annotation): two agents on two
 * racks. Every class carrying it uses one cluster per JVM run.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@MesosCluster(
        name = "junit-it",
        agents = {
            @Agent(name = "a1", attributes = "rack:a;zone:eu-1"),
            @Agent(name = "b1", attributes = "rack:b;zone:eu-2")
        })
@interface SmallCluster {}
