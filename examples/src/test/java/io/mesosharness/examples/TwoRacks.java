package io.mesosharness.examples;

import io.mesosharness.junit.Agent;
import io.mesosharness.junit.MesosCluster;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The topology most examples share, defined once as a meta-annotation: classes that carry it get one cluster
 * between them. Four agents on two racks; s1 is the storage node.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@MesosCluster(
        name = "two-racks",
        agents = {
            @Agent(name = "a1", attributes = "rack:a;zone:eu-1"),
            @Agent(name = "a2", attributes = "rack:a;zone:eu-2"),
            @Agent(name = "b1", attributes = "rack:b;zone:eu-1"),
            @Agent(name = "s1", attributes = "rack:b;zone:eu-2;node:storage", resources = "cpus:2;mem:1024;disk:4096")
        })
public @interface TwoRacks {}
